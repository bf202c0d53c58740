# Sourced by .ci/run: installs PostgreSQL if it is missing, starts a
# throwaway server on a free loopback port in a temporary data directory,
# exports RELIEF_TEST_DATABASE_URL (and, for the fault test, RELIEF_TEST_PG_BIN
# and RELIEF_TEST_PG_USER), and stops and removes it on exit.

pg_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(pg_bindir)" ]; then
	echo "== installing PostgreSQL"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
PG_BIN=$(pg_bindir)
if [ -z "$PG_BIN" ]; then
	echo "PostgreSQL is not installed and could not be installed" >&2
	exit 1
fi

# The server refuses to run as root: run it as postgres when we are root,
# from / so that the working directory's permissions do not matter.
as_pg() {
	if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

PG_DATA=$(mktemp -d /tmp/relief-pg.XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres: "$PG_DATA"
PG_PORT=
for p in $(seq 55432 55532); do
	if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then PG_PORT=$p; break; fi
done
[ -n "$PG_PORT" ] || { echo "no free port for PostgreSQL" >&2; exit 1; }

pg_stop() {
	as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$PG_DATA"
}
trap pg_stop EXIT

echo "== starting PostgreSQL ($PG_BIN) on 127.0.0.1:$PG_PORT"
as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U relief -A trust --no-sync >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 \
	-o "-p $PG_PORT -k $PG_DATA -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null ||
	{ cat "$PG_DATA/server.log" >&2; exit 1; }
export RELIEF_TEST_DATABASE_URL="postgres://relief@127.0.0.1:$PG_PORT/postgres?sslmode=disable"
# The fault test starts a server of its own (fsync on) and restarts,
# crashes and freezes it: it needs the binaries, and the user to run them
# as when we are root.
export RELIEF_TEST_PG_BIN="$PG_BIN"
if [ "$(id -u)" = 0 ]; then export RELIEF_TEST_PG_USER=postgres; fi

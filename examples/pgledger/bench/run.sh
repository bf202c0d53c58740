#!/usr/bin/env bash
# Measures the PostgreSQL ledger against pgbench's insert-only TPS on the
# same server, in one run, and prints the ratios. It uses the server named
# by RELIEF_TEST_DATABASE_URL, or starts a throwaway one as .ci/run does.
#
#	bash examples/pgledger/bench/run.sh [SECONDS]
#
# SECONDS (default 10) is how long each pgbench and each Go benchmark runs.
set -euo pipefail
cd "$(dirname "$0")/../../.."
secs=${1:-10}
if [ -z "${RELIEF_TEST_DATABASE_URL:-}" ]; then
	source .ci/postgres.sh
fi
url=$RELIEF_TEST_DATABASE_URL
psql -q "$url" -c 'DROP TABLE IF EXISTS relief_pgbench' \
	-c 'CREATE TABLE relief_pgbench (item text, recipient text, serial bigint, issued_at timestamptz, expires timestamptz, PRIMARY KEY (item, recipient))'
declare -A tps
for c in 1 16; do
	tps[$c]=$(pgbench -n -f examples/pgledger/bench/insert.sql -c "$c" -j "$((c < 2 ? 1 : 2))" -T "$secs" "$url" 2>/dev/null |
		awk '/^tps = /{print int($3)}')
	echo "pgbench insert-only, $c client(s): ${tps[$c]} TPS"
done
psql -q "$url" -c 'DROP TABLE relief_pgbench'
out=$(go test -run XXX -bench . -benchtime "${secs}s" ./examples/pgledger/)
echo "$out" | grep Benchmark
echo "$out" | awk -v t1="${tps[1]}" -v t16="${tps[16]}" '
	/^Benchmark/ {
		c = ($1 ~ /clients=16/) ? 16 : 1; floor = (c == 16) ? t16 : t1
		for (i = 1; i <= NF; i++) if ($i == "issues/s" || $i == "grants/s") { rate = $(i-1); unit = $i }
		printf "%-45s %9.0f %-9s / pgbench %6d = %.2f\n", $1, rate, unit, floor, rate / floor
	}'

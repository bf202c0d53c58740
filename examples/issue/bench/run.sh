#!/usr/bin/env bash
# Measures the bulk issuance job beside its floor, in one run, on one
# server: the job (examples/issue) on a generated claims file, then COPY
# of the same grants (exported from the job's ledger) into an empty table
# of the ledger's shape and indexes, one stream and two. It prints the
# job's rate in each tenth of the run (is the cost per grant flat?), the
# ratios to the floor, the disk a grant takes (pg_total_relation_size:
# heap and indexes) and the projection for the Kakao 1015 heart package
# (47.8 million users, six grants each: 287 million). Then the ledger's
# BenchmarkBulk: IssueBulk against COPY at 1 and 2 streams.
#
#	bash examples/issue/bench/run.sh [ROWS] [STREAMS]   # default 2000000 rows (about 11 million grants), 1 stream
#
# It uses the server named by RELIEF_TEST_DATABASE_URL, or starts a
# throwaway one as .ci/run does. Needs psql.
set -euo pipefail
cd "$(dirname "$0")/../../.."
rows=${1:-2000000}
streams=${2:-1}
if [ -z "${RELIEF_TEST_DATABASE_URL:-}" ]; then
	source .ci/postgres.sh
fi
url=$RELIEF_TEST_DATABASE_URL
tmp=$(mktemp -d)
schema=relief_bench_$$
sep='?'; [[ $url == *\?* ]] && sep='&'
cleanup() { psql -q "$url" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap 'cleanup; declare -F pg_stop >/dev/null && pg_stop' EXIT
go build -o "$tmp/simulate" ./examples/simulate
go build -o "$tmp/issue" ./examples/issue
"$tmp/simulate" -gen "$rows" >"$tmp/claims.csv"
psql -q "$url" -c "CREATE SCHEMA $schema"

echo "== the job: $rows rows, $streams stream(s)"
start=$(date +%s%N)
"$tmp/issue" -db "$url${sep}search_path=$schema" -in "$tmp/claims.csv" -at 2023-01-05T09:00:00 -streams "$streams" -every 5s \
	>"$tmp/summary" 2>"$tmp/progress"
job=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { print (b - a) / 1e9 }')
cat "$tmp/summary"
grants=$(psql -qAt "$url" -c "SELECT count(*) FROM $schema.relief_grants")
echo "== the job's rate in each interval (requests/s: every one a new grant on a fresh ledger), from its progress lines"
awk '{ gsub(",", ""); for (i = 1; i < NF; i++) { if ($(i+1) == "requests") r = $i; if ($(i+1) == "elapsed") e = $i }
	m = 0; if (e ~ /m/) { split(e, p, "m"); m = p[1]; e = p[2] }; sub("s$", "", e); e += 60 * m
	if (e > pe) printf "  %6.0fs  %12d requests  %8.0f requests/s\n", e, r, (r - pr) / (e - pe); pr = r; pe = e }' "$tmp/progress"

echo "== disk: bytes a grant, heap and indexes (pg_total_relation_size)"
psql -qAt "$url" -c "SELECT round(pg_total_relation_size('$schema.relief_grants')::numeric / count(*), 1) FROM $schema.relief_grants"

echo "== the floor: COPY of the same $grants grants into an empty table of the same shape and indexes"
psql -q "$url" -c "\\copy (SELECT serial, issued_at, expires, item_id, capped, recipient FROM $schema.relief_grants ORDER BY item_id, recipient) TO '$tmp/grants.copy'"
floor() { # streams: COPY the file in that many parts at once; prints seconds
	psql -q "$url" -c "DROP TABLE IF EXISTS $schema.floor_grants" -c "CREATE TABLE $schema.floor_grants (LIKE $schema.relief_grants INCLUDING ALL)"
	split -n "l/$1" "$tmp/grants.copy" "$tmp/part."
	local s; s=$(date +%s%N)
	for f in "$tmp"/part.*; do
		psql -q "$url" -c "\\copy $schema.floor_grants (serial, issued_at, expires, item_id, capped, recipient) FROM '$f'" &
	done
	wait
	awk -v a="$s" -v b="$(date +%s%N)" 'BEGIN { print (b - a) / 1e9 }'
	rm -f "$tmp"/part.*
}
f1=$(floor 1)
f2=$(floor 2)
awk -v g="$grants" -v j="$job" -v f1="$f1" -v f2="$f2" -v s="$streams" 'BEGIN {
	printf "job (%d stream(s)): %.1f s, %.0f grants/s\n", s, j, g / j
	printf "COPY, 1 stream:    %.1f s, %.0f grants/s (job / floor: %.2f)\n", f1, g / f1, f1 / j
	printf "COPY, 2 streams:   %.1f s, %.0f grants/s (job / floor: %.2f)\n", f2, g / f2, f2 / j
	printf "287,000,000 grants at the job'"'"'s rate: %.1f hours\n", 287e6 / (g / j) / 3600
}'

echo "== IssueBulk against COPY of the same rows, batches of 24,576 (BenchmarkBulk)"
go test -run XXX -bench Bulk -benchtime 600000x ./examples/pgledger/ | grep Benchmark | tee "$tmp/bench"
awk '{ sub(/-[0-9]+$/, "", $1); for (i = 1; i <= NF; i++) if ($i == "grants/s") r[$1] = $(i-1) }
	END { for (s = 1; s <= 2; s++) printf "IssueBulk / COPY, %d stream(s): %.2f\n", s, r["BenchmarkBulk/bulk/streams=" s] / r["BenchmarkBulk/copy/streams=" s] }' "$tmp/bench"

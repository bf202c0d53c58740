#!/usr/bin/env bash
# Measures the simulator at scale beside its floor, in one run: for each
# size it generates a claims CSV (simulate -gen), reads it with the floor
# program (encoding/csv, decimal and time.Parse, nothing else), then runs
# the simulator on it: summary only (two passes), -grouped, -json to
# /dev/null (two passes) and -grouped -json to /dev/null. It prints wall
# seconds, the ratio to the floor, CPU seconds (user and system: where a
# busy host takes cores from the run, its wall time grows past its CPU
# time over the cores it uses, and the ratio says more about the host
# than the code) and peak memory (RSS). With RUNS=N each size is measured
# N times, the floor and the runs interleaved, and each column is the
# median (the ratio: of each run's ratio to the floor run beside it; the
# peak: the largest). Needs GNU time (/usr/bin/time, Debian package
# time).
#
#	bash examples/simulate/scale/run.sh [ROWS...]   # default 100000 1000000 2000000 3000000
#	RUNS=10 bash examples/simulate/scale/run.sh 2000000
set -euo pipefail
cd "$(dirname "$0")/../../.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000 2000000 3000000)
runs=${RUNS:-1}
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "RUNS=$runs: want a whole number from 1" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/simulate" ./examples/simulate
go build -o "$tmp/floor" ./examples/simulate/floor
measure() { # command...: prints "seconds KB cpu-seconds"
	/usr/bin/time -f '%e %M %U %S' -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
	awk '{print $1, $2, $3 + $4}' "$tmp/t"
}
kinds=("summary" "grouped" "json" "grouped -json")
printf '%-10s %-22s %8s %7s %8s %9s\n' rows run seconds x-floor cpu-s peak-MB
for n in "${sizes[@]}"; do
	"$tmp/simulate" -gen "$n" >"$tmp/claims.csv"
	: >"$tmp/runs" # a line a measure: run number, kind, seconds, ratio, cpu, KB
	for r in $(seq "$runs"); do
		read -r fs fkb fcpu < <(measure "$tmp/floor" "$tmp/claims.csv")
		echo "$r|floor|$fs|1|$fcpu|$fkb" >>"$tmp/runs"
		for run in "${kinds[@]}"; do
			args=(-in "$tmp/claims.csv")
			case $run in
			grouped) args+=(-grouped) ;;
			json) args+=(-json -out /dev/null) ;;
			"grouped -json") args+=(-grouped -json -out /dev/null) ;;
			esac
			read -r s kb cpu < <(measure "$tmp/simulate" "${args[@]}")
			echo "$r|$run|$s|$(awk -v a="$s" -v b="$fs" 'BEGIN{print a / b}')|$cpu|$kb" >>"$tmp/runs"
		done
	done
	for run in floor "${kinds[@]}"; do
		awk -F'|' -v run="$run" -v n="$n" '
			function median(a, k,   i, j, t) { # sorts a[1..k]
				for (i = 2; i <= k; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
				return k % 2 ? a[(k+1)/2] : (a[k/2] + a[k/2+1]) / 2
			}
			$2 == run { k++; s[k] = $3; x[k] = $4; c[k] = $5; if ($6 > peak) peak = $6 }
			END { printf "%-10s %-22s %8.2f %7.2f %8.2f %9d\n", n, run, median(s, k), median(x, k), median(c, k), peak / 1024 }' "$tmp/runs"
	done
done

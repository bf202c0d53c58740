#!/usr/bin/env bash
# Measures the simulator at scale beside its floor, in one run: for each
# size it generates a claims CSV (simulate -gen), reads it with the floor
# program (encoding/csv, decimal and time.Parse, nothing else), then runs
# the simulator on it: summary only (two passes), -grouped, -json to
# /dev/null (two passes) and -grouped -json to /dev/null. It prints wall
# seconds, the ratio to the floor and peak memory (RSS). Needs GNU time
# (/usr/bin/time, Debian package time).
#
#	bash examples/simulate/scale/run.sh [ROWS...]   # default 100000 1000000 2000000 3000000
set -euo pipefail
cd "$(dirname "$0")/../../.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000 2000000 3000000)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/simulate" ./examples/simulate
go build -o "$tmp/floor" ./examples/simulate/floor
measure() { # label, command...: prints "seconds KB"
	/usr/bin/time -f '%e %M' -o "$tmp/t" "${@:2}" >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
	cat "$tmp/t"
}
printf '%-10s %-22s %8s %7s %9s\n' rows run seconds x-floor peak-MB
for n in "${sizes[@]}"; do
	"$tmp/simulate" -gen "$n" >"$tmp/claims.csv"
	read -r fs fkb < <(measure floor "$tmp/floor" "$tmp/claims.csv")
	printf '%-10s %-22s %8.2f %7s %9d\n' "$n" floor "$fs" 1.0 $((fkb / 1024))
	for run in "summary" "grouped" "json" "grouped -json"; do
		args=(-in "$tmp/claims.csv")
		case $run in
		grouped) args+=(-grouped) ;;
		json) args+=(-json -out /dev/null) ;;
		"grouped -json") args+=(-grouped -json -out /dev/null) ;;
		esac
		read -r s kb < <(measure "$run" "$tmp/simulate" "${args[@]}")
		printf '%-10s %-22s %8.2f %7.1f %9d\n' "$n" "$run" "$s" "$(awk -v a="$s" -v b="$fs" 'BEGIN{print a / b}')" $((kb / 1024))
	done
done

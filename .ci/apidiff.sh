#!/usr/bin/env bash
# The API-compatibility report: apidiff (golang.org/x/exp) between the
# version before (.ci/apidiff-base: its version and commit) and this
# tree, for both modules. It prints every change, and fails where an
# incompatible one is not named in CHANGELOG.md's newest section.
set -euo pipefail
cd "$(dirname "$0")/.."
read -r version commit < .ci/apidiff-base
if ! git cat-file -e "$commit^{commit}" 2>/dev/null; then
	echo "the version before, $version ($commit), is not in this clone (a shallow one?): no API report"
	exit 0
fi
work=$(mktemp -d)
trap 'git worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
GOBIN="$work" go install golang.org/x/exp/cmd/apidiff@v0.0.0-20261113113407-e3970619a1a4
git worktree add --quiet --detach "$work/old" "$commit"
report() { # module dir, module path
	# The library alone, without the workspace; the examples in it, which
	# points their requirement of the library at the tree beside them.
	rm -f "$work/old.api" "$work/new.api"
	(cd "$work/old/$1" && if [ "$1" = . ]; then export GOWORK=off; fi && "$work/apidiff" -m -w "$work/old.api" "$2" 2>/dev/null) ||
		{ echo "apidiff could not read $2 at $version" >&2; return 1; }
	(cd "$1" && if [ "$1" = . ]; then export GOWORK=off; fi && "$work/apidiff" -m -w "$work/new.api" "$2" 2>/dev/null) ||
		{ echo "apidiff could not read $2 in this tree" >&2; return 1; }
	"$work/apidiff" -m "$work/old.api" "$work/new.api"
}
section=$(awk '/^## \[/{n++} n==1' CHANGELOG.md)
missing=0
for m in ".:github.com/outagerelief/relief" "examples:github.com/outagerelief/relief/examples"; do
	echo "== $version to this tree: ${m#*:}"
	out=$(report "${m%%:*}" "${m#*:}")
	echo "${out:-no change}"
	# Each incompatible change's name (the identifier, or a removed
	# package's last element) must be in the newest section.
	while read -r name; do
		[ -z "$name" ] && continue
		if ! grep -qF -- "$name" <<<"$section"; then
			echo "apidiff: the incompatible change of $name is not in CHANGELOG.md's newest section"
			missing=1
		fi
	done < <(awk '/^Incompatible changes:/{on=1; next} /^[A-Z]/{on=0} on' <<<"$out" |
		sed -E 's/^- package [^ ]*\/([^/:]+): .*/\1/; s/^- \.\/[^.]*\.([^:. ]+)[^:]*: .*/\1/; s/^- ([^:]+): .*/\1/')
done
exit $missing

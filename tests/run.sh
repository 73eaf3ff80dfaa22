#!/bin/sh
# make check: run every suite - the C unit tests, the golden files, the
# property checks, the documentation checks, the sample data checks -
# print their TAP, and end with a summary.  Exit 1 when anything failed.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
log=$(mktemp "${TMPDIR:-/tmp}/tk-check.XXXXXX") || exit 2
trap 'rm -f "$log" "$log.status"' EXIT INT TERM
failed_suites=

suite() {
	name=$1
	shift
	echo "# $name"
	# The suite's own status, not tee's: POSIX sh has no pipefail.
	{ "$@" 2>&1; echo $? > "$log.status"; } | tee -a "$log"
	[ "$(cat "$log.status")" = 0 ] || failed_suites="$failed_suites $name"
}

for t in "$top"/tests/unit/test-*; do
	case $t in *.c | *.o | *.d) continue ;; esac
	[ -x "$t" ] || continue
	suite "unit/$(basename "$t")" "$t"
done
suite golden sh "$top/tests/golden.sh"
suite properties sh "$top/tests/props.sh"
suite docs sh "$top/tests/docs.sh"
suite sample sh "$top/tests/sample.sh"
suite route sh "$top/tests/route.sh"
suite anomaly sh "$top/tests/anomaly.sh"
suite cluster sh "$top/tests/cluster.sh"
suite models sh "$top/tests/model.sh"
suite install sh "$top/tests/install.sh"

passed=$(grep -c '^ok ' "$log")
notok=$(grep -c '^not ok ' "$log")
echo "# $passed passed, $notok failed"
if [ -n "$failed_suites" ] || [ "$notok" -gt 0 ]; then
	echo "# failing suites:$failed_suites"
	exit 1
fi

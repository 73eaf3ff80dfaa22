#!/bin/sh
# make check: run every suite - the C unit tests, the golden files, the
# property checks, the documentation checks, the sample data checks -
# print their TAP, and end with a summary.  Exit 1 when anything failed.
#
# The suites run in two lanes at once (the machines have two cores or
# more); each suite's TAP is kept and printed whole, in a fixed order.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
out=$(mktemp -d "${TMPDIR:-/tmp}/tk-check.XXXXXX") || exit 2
trap 'rm -rf "$out"' EXIT INT TERM

# suite NAME COMMAND...: run it, keeping its output and its status.
suite() {
	name=$1
	shift
	file=$out/$(echo "$name" | tr / _)
	"$@" > "$file.tap" 2>&1
	echo $? > "$file.status"
}

units=
for t in "$top"/tests/unit/test-*; do
	case $t in *.c | *.o | *.d) continue ;; esac
	[ -x "$t" ] && units="$units $t"
done

# The two slowest suites start the lanes.
{
	suite models sh "$top/tests/model.sh"
	suite docs sh "$top/tests/docs.sh"
} &
lane=$!
suite properties sh "$top/tests/props.sh"
for t in $units; do
	suite "unit/$(basename "$t")" "$t"
done
suite golden sh "$top/tests/golden.sh"
suite sample sh "$top/tests/sample.sh"
suite route sh "$top/tests/route.sh"
suite install sh "$top/tests/install.sh"
wait $lane

failed_suites=
for t in $units; do
	set -- "$@" "unit/$(basename "$t")"
done
for name in "$@" golden properties docs sample route models install; do
	file=$out/$(echo "$name" | tr / _)
	echo "# $name"
	cat "$file.tap"
	[ "$(cat "$file.status")" = 0 ] || failed_suites="$failed_suites $name"
done
passed=$(cat "$out"/*.tap | grep -c '^ok ')
notok=$(cat "$out"/*.tap | grep -c '^not ok ')
echo "# $passed passed, $notok failed"
if [ -n "$failed_suites" ] || [ "$notok" -gt 0 ]; then
	echo "# failing suites:$failed_suites"
	exit 1
fi

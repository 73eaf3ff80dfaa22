# TAP for the test suites written in sh; sourced, after setting top to the
# repository's root.  It makes $tmp, a scratch directory removed on exit,
# and $tmp/why, where a check leaves what to show when it fails.
#
#   result STATUS NAME    ok when STATUS is 0, else not ok and $tmp/why
#   check NAME CMD ...    run CMD (its output goes to $tmp/why) and report it
#   skip NAME REASON      a check that cannot run here
#   need_jq NAME          skip the whole suite NAME when jq is missing
#   tap_done              print the plan; the suite's exit status
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tk-test.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
: > "$tmp/why"
n=0
failed=0

result() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		printf 'ok %s - %s\n' "$n" "$2"
	else
		failed=$((failed + 1))
		printf 'not ok %s - %s\n' "$n" "$2"
		[ -s "$tmp/why" ] && sed 's/^/#   /' "$tmp/why" | head -n 30
	fi
	: > "$tmp/why"
}

check() {
	label=$1
	shift
	"$@" > "$tmp/why" 2>&1
	result $? "$label"
}

skip() {
	n=$((n + 1))
	printf 'ok %s - %s # SKIP %s\n' "$n" "$1" "$2"
}

need_jq() {
	command -v jq > /dev/null && return
	skip "$1" "jq not installed (apt-get install jq)"
	tap_done
	exit
}

tap_done() {
	echo "1..$n"
	[ $failed -eq 0 ]
}

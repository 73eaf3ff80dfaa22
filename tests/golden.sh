#!/bin/sh
# Golden-file tests of the tools through their real command line.
#
# A case is testdata/TOOL/NAME.args: one line of shell words, the arguments
# given to bin/TOOL, run from testdata/TOOL so that cases can name files
# there.  Its standard input is NAME.in, else the output of the script
# NAME.gen, else nothing.  Expected results: NAME.out (stdout), NAME.err
# (stderr) and NAME.status (exit status; 0 when the file is absent).
#
# usage: tests/golden.sh [--accept] [testdata/TOOL/NAME ...]
# Prints TAP.  With --accept, writes what the tools print as the expected
# results of the cases named (or of all cases).
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
bin=${TK_BIN:-$top/bin}
accept=0
if [ "${1:-}" = --accept ]; then
	accept=1
	shift
fi
if [ $# -eq 0 ]; then
	set -- $(ls "$top"/testdata/*/*.args 2>/dev/null | sed 's/\.args$//')
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tk-golden.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

n=0
failed=0
for case in "$@"; do
	case=${case%.args}
	case $case in /*) ;; *) case=$top/$case ;; esac
	# Parameter expansion, not dirname and basename: a case should cost only its tool's run.
	dir=${case%/*}
	name=${case##*/}
	tool=${dir##*/}
	label=$tool/$name
	n=$((n + 1))
	if [ -f "$case.in" ]; then
		input=$case.in
	elif [ -f "$case.gen" ]; then
		input=$tmp/in
		(cd "$dir" && sh "$case.gen") > "$input"
	else
		input=/dev/null
	fi
	read -r args < "$case.args"
	(cd "$dir" && eval "exec \"\$bin/\$tool\" $args" < "$input" > "$tmp/out" 2> "$tmp/err")
	status=$?
	echo $status > "$tmp/status"
	if [ $accept -eq 1 ]; then
		cp "$tmp/out" "$case.out"
		cp "$tmp/err" "$case.err"
		if [ $status = 0 ]; then rm -f "$case.status"; else cp "$tmp/status" "$case.status"; fi
		[ -s "$case.out" ] || rm -f "$case.out"
		[ -s "$case.err" ] || rm -f "$case.err"
		echo "ok $n - $label (accepted)"
		continue
	fi
	want_status=0
	[ -f "$case.status" ] && read -r want_status < "$case.status"
	problems=
	cmp -s "$tmp/out" "${case}.out" 2>/dev/null || { [ ! -f "$case.out" ] && [ ! -s "$tmp/out" ]; } ||
		problems="$problems stdout"
	cmp -s "$tmp/err" "${case}.err" 2>/dev/null || { [ ! -f "$case.err" ] && [ ! -s "$tmp/err" ]; } ||
		problems="$problems stderr"
	[ "$status" = "$want_status" ] || problems="$problems status"
	if [ -z "$problems" ]; then
		echo "ok $n - $label"
		continue
	fi
	failed=$((failed + 1))
	echo "not ok $n - $label:$problems differ"
	echo "#   command: (cd testdata/$tool && bin/$tool $args) < ${input#$top/}"
	for what in out err; do
		want=$case.$what
		[ -f "$want" ] || want=/dev/null
		diff -u "$want" "$tmp/$what" 2>&1 | head -n 30 | cut -c 1-300 | sed 's/^/#   /'
	done
	echo "#   status: want $want_status, got $status"
	echo "#   to accept the new output: tests/golden.sh --accept testdata/$tool/$name"
done
echo "1..$n"
[ $failed -eq 0 ]

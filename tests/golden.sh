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

# First every case runs, its output kept in $tmp/got/N.out and N.err;
# then one md5sum over all the outputs and one over all the expected
# files (a cmp per file was most of the suite's time); then each case is
# reported, with the differences when it failed.
mkdir -p "$tmp/got"
empty=$tmp/empty
: > "$empty"
n=0
for case in "$@"; do
	case=${case%.args}
	case $case in /*) ;; *) case=$top/$case ;; esac
	# Parameter expansion, not dirname and basename: a case should cost only its tool's run.
	dir=${case%/*}
	tool=${dir##*/}
	n=$((n + 1))
	if [ -f "$case.in" ]; then
		input=$case.in
	elif [ -f "$case.gen" ]; then
		input=$tmp/in.$n
		(cd "$dir" && sh "$case.gen") > "$input"
	else
		input=/dev/null
	fi
	read -r args < "$case.args"
	(cd "$dir" && eval "exec \"\$bin/\$tool\" $args" < "$input" > "$tmp/got/$n.out" 2> "$tmp/got/$n.err")
	echo $? > "$tmp/got/$n.status"
	if [ $accept -eq 1 ]; then
		cp "$tmp/got/$n.out" "$case.out"
		cp "$tmp/got/$n.err" "$case.err"
		if [ "$(cat "$tmp/got/$n.status")" = 0 ]; then rm -f "$case.status"; else cp "$tmp/got/$n.status" "$case.status"; fi
		[ -s "$case.out" ] || rm -f "$case.out"
		[ -s "$case.err" ] || rm -f "$case.err"
		echo "ok $n - $tool/${case##*/} (accepted)"
	fi
done
if [ $accept -eq 1 ]; then
	echo "1..$n"
	exit 0
fi

# The checksums: got N.out, then the expected file (or an empty one) in the same order.
i=0
for case in "$@"; do
	i=$((i + 1))
	case=${case%.args}
	case $case in /*) ;; *) case=$top/$case ;; esac
	for what in out err; do
		echo "$tmp/got/$i.$what"
		if [ -f "$case.$what" ]; then echo "$case.$what"; else echo "$empty"; fi
	done
done > "$tmp/files"
# One line per case: "same-out same-err" (1 or 0).
tr '\n' '\0' < "$tmp/files" | xargs -0 md5sum | awk '{ sum[NR] = $1 }
	END { for (i = 1; i + 3 <= NR; i += 4) print (sum[i] == sum[i + 1]), (sum[i + 2] == sum[i + 3]) }' > "$tmp/same"

n=0
failed=0
exec 4< "$tmp/same"
for case in "$@"; do
	case=${case%.args}
	case $case in /*) ;; *) case=$top/$case ;; esac
	dir=${case%/*}
	name=${case##*/}
	tool=${dir##*/}
	label=$tool/$name
	n=$((n + 1))
	read -r same_out same_err <&4
	read -r status < "$tmp/got/$n.status"
	want_status=0
	[ -f "$case.status" ] && read -r want_status < "$case.status"
	problems=
	[ "$same_out" = 1 ] || problems="$problems stdout"
	[ "$same_err" = 1 ] || problems="$problems stderr"
	[ "$status" = "$want_status" ] || problems="$problems status"
	if [ -z "$problems" ]; then
		echo "ok $n - $label"
		continue
	fi
	failed=$((failed + 1))
	read -r args < "$case.args"
	input=/dev/null
	[ -f "$case.gen" ] && input=$case.gen
	[ -f "$case.in" ] && input=$case.in
	echo "not ok $n - $label:$problems differ"
	echo "#   command: (cd testdata/$tool && bin/$tool $args) < ${input#$top/}"
	for what in out err; do
		want=$case.$what
		[ -f "$want" ] || want=/dev/null
		diff -u "$want" "$tmp/got/$n.$what" 2>&1 | head -n 30 | cut -c 1-300 | sed 's/^/#   /'
	done
	echo "#   status: want $want_status, got $status"
	echo "#   to accept the new output: tests/golden.sh --accept testdata/$tool/$name"
done
exec 4<&-
echo "1..$n"
[ $failed -eq 0 ]

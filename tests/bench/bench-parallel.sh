#!/bin/sh
# Scale-out: the per-ticket tools under GNU parallel (tk(7), SCALING OUT)
# against one process each, on the 300,000 tickets the throughput benches
# share (it_ticket_assignment train+test repeated, built at run time in
# $BENCH_TMP):
#   classify  tk-classify -m MODEL (one process) against the same under
#             parallel --keep-order -j NPROC, the file cut by parallel
#             (--pipepart -a FILE --block -1: a part per job slot) and the
#             file read through parallel (--pipe --block 8M < FILE)
#   pipeline  tk-tokenize | tk-classify -m MODEL | tk-sentiment, as one
#             pipeline against the same pipeline under parallel in the
#             same two ways (each block through its own three processes)
# The model is tk-train with default options on it_ticket_assignment's
# train split.  For each, the wall time (median of 3, the runs taking
# turns), tickets/s, and the speed-up over one process; and a check that
# the output under parallel is byte-identical to one process's (its error
# objects aside: there are none in this input).  There is no target: the
# speed-up is bounded by this machine's processors, which the output
# gives, and a pipeline of three processes already keeps more than one
# busy.  GNU parallel is installed with apt-get when we run as root, else
# the bench is skipped with a note.
#
# Run by tests/bench/run.sh, which sets the BENCH_* variables.

set -u

: "${BENCH_ROOT:?run me through tests/bench/run.sh}" "${BENCH_TMP:?}" "${BENCH_MEASURE:?}"
: "${BENCH_DATA:?}"

name="bench-parallel"
set_name=it_ticket_assignment
train=$BENCH_DATA/$set_name/train.jsonl
tickets=300000
big=$BENCH_TMP/it-300k.jsonl
tools="tk-train tk-tokenize tk-classify tk-sentiment"
w=$BENCH_TMP/$name
block=8M

if [ ! -r "$train" ]; then
	echo "skip: $name: $train not found"
	exit 0
fi

fail() {
	echo "$name: $*" >&2
	exit 1
}
. "$BENCH_ROOT/tests/bench/lib.sh"

if ! command -v parallel > /dev/null 2>&1; then
	apt_install parallel
	if ! command -v parallel > /dev/null 2>&1; then
		echo "skip: $name: GNU parallel is not installed (apt-get install parallel)"
		exit 0
	fi
fi
# Word splitting of $tools is intended.
# shellcheck disable=SC2086
copy_tools "$w/bin" $tools
bin=$w/bin
trap 'rm -f "$w"/out.*' EXIT
trap 'exit 1' HUP INT TERM

build_tickets "$set_name" "$tickets" "$big" || echo "$name: built $big"
"$bin/tk-train" -q -o "$w/model" "$train" || fail "tk-train failed on $train"
nproc=$(nproc 2> /dev/null || getconf _NPROCESSORS_ONLN)
load_start=$(loadavg)

# A file is cut by parallel itself (--pipepart -a, into one part per job
# slot: --block -1); a stream on standard input goes through parallel's
# own reading and copying (--pipe, 8 MB blocks).
one_classify="\"\$0/tk-classify\" -m \"\$1\" \"\$2\""
part_classify="parallel --pipepart -a \"\$2\" --block -1 --keep-order -j $nproc \"\$0/tk-classify\" -m \"\$1\""
pipe_classify="parallel --pipe --keep-order --block $block -j $nproc \"\$0/tk-classify\" -m \"\$1\" < \"\$2\""
one_pipeline="\"\$0/tk-tokenize\" \"\$2\" | \"\$0/tk-classify\" -m \"\$1\" | \"\$0/tk-sentiment\""
# parallel runs a command given as one word through a shell.
part_pipeline="parallel --pipepart -a \"\$2\" --block -1 --keep-order -j $nproc \"\$0/tk-tokenize | \$0/tk-classify -m \$1 | \$0/tk-sentiment\""
pipe_pipeline="parallel --pipe --keep-order --block $block -j $nproc \"\$0/tk-tokenize | \$0/tk-classify -m \$1 | \$0/tk-sentiment\" < \"\$2\""
for kind in classify pipeline; do
	for how in one part pipe; do
		: > "$w/runs.$how.$kind" || fail "cannot write in $w"
	done
done
for round in 1 2 3; do
	for kind in classify pipeline; do
		for how in one part pipe; do
			eval "cmd=\$${how}_$kind"
			# The first round keeps its output, to compare.
			out=/dev/null
			[ "$round" = 1 ] && out=$w/out.$how.$kind
			run "$w/runs.$how.$kind" -o "$out" -- sh -c "$cmd" "$bin" "$w/model" "$big"
		done
	done
done

printf '%s: %s tickets (%s), %s processors\n' "$name" "$tickets" "$set_name train+test repeated" "$nproc"
printf '%-9s %-38s %7s %10s %8s  %s\n' run how wall_s tickets/s speed-up output
for kind in classify pipeline; do
	one=$(summary "$w/runs.one.$kind" | cut -d ' ' -f 1)
	lines_ok "$w/out.one.$kind" "$tickets" "$kind, one process"
	for how in one part pipe; do
		case $how in
		one) label="one process" ;;
		part) label="parallel --pipepart -a FILE --block -1" ;;
		pipe) label="parallel --pipe --block $block < FILE" ;;
		esac
		lines_ok "$w/out.$how.$kind" "$tickets" "$kind, $label"
		same=
		if [ $how != one ]; then
			same="byte-identical"
			cmp -s "$w/out.one.$kind" "$w/out.$how.$kind" || same="DIFFERS"
		fi
		t=$(summary "$w/runs.$how.$kind" | cut -d ' ' -f 1)
		awk -v k="$kind" -v how="$label" -v one="$one" -v t="$t" -v n="$tickets" -v same="$same" 'BEGIN {
			printf "%-9s %-38s %7.2f %10.0f %7.2fx  %s\n", k, how, t, n / t, one / t, same
		}'
		[ "$same" != DIFFERS ] || fail "$kind: the output of $label differs from one process's"
	done
done
echo "$name: load average at the start $load_start, at the end $(loadavg)"

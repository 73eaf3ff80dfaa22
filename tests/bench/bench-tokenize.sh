#!/bin/sh
# tk-tokenize throughput and memory, beside two references measured in the
# same run: the json-c floor (parse, add a key, print: floor.c) and jq doing
# a crude tokenization.  The input is the train and test splits of
# it_ticket_assignment concatenated until it is at least 100 MiB, built at
# run time into $BENCH_TMP (never committed).  A 1 GB stream (that file ten
# times through a pipe) checks that memory does not grow with the input.
#
# Targets (the foundation issue): throughput at least 0.5 x the floor's;
# peak RSS under 16 MB on both inputs.  A missed target is reported, not
# an error; a tool that fails or whose output is not sane is an error.
# MB is 10^6 bytes throughout, peak RSS included.
#
# Run by tests/bench/run.sh, which sets the BENCH_* variables.

set -u

: "${BENCH_ROOT:?run me through tests/bench/run.sh}" "${BENCH_TMP:?}" "${BENCH_MEASURE:?}"
: "${BENCH_FLOOR:?}" "${BENCH_DATA:?}"

name=bench-tokenize
src=$BENCH_DATA/it_ticket_assignment
tk=$BENCH_ROOT/bin/tk-tokenize
in=$BENCH_TMP/it-100mb.jsonl
min_bytes=104857600
jq_filter='. + {tokens: (.text|ascii_downcase|split(" "))}'

if [ ! -r "$src/train.jsonl" ] || [ ! -r "$src/test.jsonl" ]; then
	echo "skip: $name: $src not found"
	exit 0
fi
if [ ! -x "$tk" ]; then
	echo "$name: $tk not built (run make)" >&2
	exit 1
fi

fail() {
	echo "$name: $*" >&2
	exit 1
}
. "$BENCH_ROOT/tests/bench/lib.sh"

# The input: as many whole copies of train+test as reach min_bytes.  Its
# size is known in advance, so a complete file from an earlier run is kept.
unit=$(cat "$src/train.jsonl" "$src/test.jsonl" | wc -c) || fail "cannot read $src"
copies=$(((min_bytes + unit - 1) / unit))
want=$((copies * unit))
if [ ! -f "$in" ] || [ "$(wc -c < "$in")" -ne "$want" ]; then
	i=0
	while [ "$i" -lt "$copies" ]; do
		cat "$src/train.jsonl" "$src/test.jsonl" || exit 1
		i=$((i + 1))
	done > "$in.part" || fail "cannot write $in.part"
	mv "$in.part" "$in" || fail "cannot write $in"
fi
bytes=$(wc -c < "$in")
tickets=$(wc -l < "$in")

# jq is a peer, not a build dependency: install it when we can.
jq_note=
if ! command -v jq > /dev/null 2>&1; then
	apt_install jq
	command -v jq > /dev/null 2>&1 ||
		jq_note="skipped: jq is not installed (apt-get install jq, as root)"
fi

floor_runs=$BENCH_TMP/$name.floor
tk_runs=$BENCH_TMP/$name.tk
jq_runs=$BENCH_TMP/$name.jq
stream_runs=$BENCH_TMP/$name.stream
for f in "$floor_runs" "$tk_runs" "$jq_runs" "$stream_runs"; do
	: > "$f" || fail "cannot write $f"
done

# Floor and tk-tokenize alternate, so a burst of load elsewhere on the
# machine falls on both rather than on one.
for i in 1 2 3; do
	run "$floor_runs" -i "$in" -- "$BENCH_FLOOR"
	run "$tk_runs" -i "$in" -- "$tk"
done
if [ -z "$jq_note" ]; then
	run "$jq_runs" -i "$in" -- jq -c "$jq_filter"
fi

# The 1 GB stream.  measure reads its own stdin (-i -) from the pipe and
# hands it to tk-tokenize, which it execs directly: the rusage it reports is
# tk-tokenize's alone, not that of the producing loop (a separate process
# in the pipeline) nor of a shell (which `measure -- sh -c ...` would time
# and whose children's peak RSS would be mixed in).  cat runs on another
# core and moves bytes far faster than tk-tokenize reads them, so the wall
# time is tk-tokenize's.
stream_copies=10
(
	i=0
	while [ "$i" -lt "$stream_copies" ]; do
		cat "$in" || exit 1
		i=$((i + 1))
	done
) | run "$stream_runs" -i - -- "$tk" || exit 1
stream_bytes=$((bytes * stream_copies))

# Sanity: one output line per ticket, and each has the tokens.
check=$BENCH_TMP/$name.out
run /dev/null -i "$in" -o "$check" -- "$tk"
lines=$(wc -l < "$check")
first_ok=$(head -n 1 "$check" | grep -c '"tokens":\[')
rm -f "$check"
[ "$lines" -eq "$tickets" ] || fail "tk-tokenize wrote $lines lines for $tickets tickets"
[ "$first_ok" -eq 1 ] || fail "tk-tokenize output has no \"tokens\" array"

# Each summary is "median-wall max-rss-kb".
s=$(summary "$floor_runs") && floor_wall=${s% *} floor_rss=${s#* }
s=$(summary "$tk_runs") && tk_wall=${s% *} tk_rss=${s#* }
s=$(summary "$stream_runs") && stream_wall=${s% *} stream_rss=${s#* }
jq_wall=0 jq_rss=0
if [ -z "$jq_note" ]; then
	s=$(summary "$jq_runs") && jq_wall=${s% *} jq_rss=${s#* }
fi

awk -v bytes="$bytes" -v tickets="$tickets" -v copies="$copies" -v nproc="$(nproc 2>/dev/null ||
	getconf _NPROCESSORS_ONLN)" -v fw="$floor_wall" -v frss="$floor_rss" -v tw="$tk_wall" \
	-v trss="$tk_rss" -v jw="$jq_wall" -v jrss="$jq_rss" -v jnote="$jq_note" \
	-v sbytes="$stream_bytes" -v sw="$stream_wall" -v srss="$stream_rss" \
	-v filter="$jq_filter" '
function mb(kb) { return kb * 1024 / 1e6 }
function row(tool, wall, rss, runs) {
	printf "%-16s %8.1f %11.0f %8.1f MB  %7.2fx   %s\n", tool, bytes / 1e6 / wall,
		tickets / wall, mb(rss), fw / wall, runs
}
function met(ok) { return ok ? "met" : "NOT met" }
BEGIN {
	limit_kb = 16e6 / 1024
	printf "tk-tokenize on %.1f MB (%d tickets) of it_ticket_assignment train+test, repeated %d times\n",
		bytes / 1e6, tickets, copies
	printf "%-16s %8s %11s %11s  %8s   %s\n", "tool", "MB/s", "tickets/s", "peak RSS",
		"vs floor", "runs"
	row("floor (json-c)", fw, frss, "median of 3")
	row("tk-tokenize", tw, trss, "median of 3")
	if (jnote == "")
		row("jq", jw, jrss, "1 run")
	else
		printf "%-16s %s\n", "jq", jnote
	printf "tk-tokenize, %.1f MB stream (%d x the input through a pipe): %.1f MB/s, peak RSS %.1f MB\n",
		sbytes / 1e6, sbytes / bytes, sbytes / 1e6 / sw, mb(srss)
	ratio = fw / tw
	printf "targets: throughput >= 0.5 x floor: %s (ratio %.2f); ", met(ratio >= 0.5), ratio
	printf "peak RSS < 16 MB at %.0f MB: %s (%.1f MB); at %.0f MB: %s (%.1f MB)\n",
		bytes / 1e6, met(trss < limit_kb), mb(trss), sbytes / 1e6, met(srss < limit_kb), mb(srss)
	printf "jq filter: jq -c %c%s%c\n", 39, filter, 39
	printf "MB = 10^6 bytes; peak RSS is the largest of the runs; nproc = %s; ", nproc
	printf "figures vary with load on the machine\n"
}'

#!/bin/sh
# tk-train --merge: training on shards in parallel and merging the models
# (parameter mixing) against one training run on all the tickets, on
# BANKING77 ($BENCH_DATA/banking77): every model learns from train.jsonl
# and is scored on test.jsonl by tk-classify and tk-eval.
#
# Runs:
#   single        tk-train on the whole training split, default options
#                 (-j: every processor);
#   4 shards      the training split in 4 interleaved shards (line n to
#                 shard n mod 4), trained at once as 4 processes with -j 1,
#                 then tk-train --merge; once with the default C (--cost 1)
#                 and once with C times the number of shards (--cost 4),
#                 which makes the shards' problems add up to the single
#                 run's (see tk-train(1), Merging models).
#   two rounds    then each shard updates the merged --cost 4 model with
#                 its own tickets (tk-train --update), the 4 at once, and
#                 the updated models are merged again (iterative parameter
#                 mixing, McDonald, Hall and Mann 2010).
# The wall time of a sharded run is that of the 4 shards at once plus that
# of the merge (for two rounds, of both).
#
# Target (the issue of --merge): the merged model's accuracy within 1
# point of the single run's.  A miss is reported, not an error; a tool that
# fails or writes one line too few is an error.
#
# Run by tests/bench/run.sh, which sets the BENCH_* variables.

set -u

: "${BENCH_ROOT:?run me through tests/bench/run.sh}" "${BENCH_TMP:?}" "${BENCH_MEASURE:?}"
: "${BENCH_DATA:?}"

name="bench-merge"
set_dir=$BENCH_DATA/banking77
train=$set_dir/train.jsonl
test=$set_dir/test.jsonl
w=$BENCH_TMP/$name
shards=4

if [ ! -r "$train" ] || [ ! -r "$test" ]; then
	echo "skip: $name: $set_dir/{train,test}.jsonl not found"
	exit 0
fi

fail() {
	echo "$name: $*" >&2
	exit 1
}
. "$BENCH_ROOT/tests/bench/lib.sh"

need_jq
copy_tools "$w/bin" tk-train tk-classify tk-eval
bin=$w/bin
ntest=$(wc -l < "$test") || fail "cannot read $test"
nproc=$(nproc 2> /dev/null || getconf _NPROCESSORS_ONLN)
load_start=$(loadavg)

i=0
while [ "$i" -lt "$shards" ]; do
	awk -v k="$i" -v n="$shards" 'NR % n == k' "$train" > "$w/shard$i.jsonl" ||
		fail "cannot write $w/shard$i.jsonl"
	i=$((i + 1))
done

# score MODEL: "accuracy macro_f1 ece" of MODEL on the test split.
score() {
	"$bin/tk-classify" -m "$1" "$test" > "$1.out" || fail "tk-classify failed with $1"
	lines_ok "$1.out" "$ntest" tk-classify
	"$bin/tk-eval" "$1.out" > "$1.eval" || fail "tk-eval failed on $1.out"
	jq -r '"\(.accuracy) \(.macro_f1) \(.calibration.ece)"' "$1.eval" ||
		fail "cannot read $1.eval"
}

# wall FILE: the wall time of the (one) measure line in FILE.
wall() {
	s=$(summary "$1") || fail "cannot read $1"
	echo "${s% *}"
}

res=$w/results
: > "$res" || fail "cannot write $res"

echo "$name: single run" >&2
: > "$w/single.time"
run "$w/single.time" -- "$bin/tk-train" -q -o "$w/single.model" "$train"
echo "single $(score "$w/single.model") $(wall "$w/single.time") 0" >> "$res"

# shards NAME ARG...: train a model on each shard, all at once, each a
# process on one thread (tk-train -q -j 1 ARG...), into $w/NAME-shardN.model,
# then merge them into $w/NAME-merged.model; the times of the two steps go
# to $w/NAME.shards.time and $w/NAME.merge.time.
shards() {
	sh_name=$1
	shift
	: > "$w/$sh_name.shards.time"
	: > "$w/$sh_name.merge.time"
	run "$w/$sh_name.shards.time" -- sh -c '
		bin=$1 w=$2 n=$3 name=$4 i=0 pids=
		shift 4
		while [ "$i" -lt "$n" ]; do
			"$bin/tk-train" -q -j 1 "$@" -o "$w/$name-shard$i.model" "$w/shard$i.jsonl" &
			pids="$pids $!"
			i=$((i + 1))
		done
		st=0
		for p in $pids; do wait "$p" || st=1; done
		exit $st' sh "$bin" "$w" "$shards" "$sh_name" "$@"
	sh_models=
	sh_i=0
	while [ "$sh_i" -lt "$shards" ]; do
		sh_models="$sh_models $w/$sh_name-shard$sh_i.model"
		sh_i=$((sh_i + 1))
	done
	# shellcheck disable=SC2086
	run "$w/$sh_name.merge.time" -- "$bin/tk-train" -q --merge -o "$w/$sh_name-merged.model" $sh_models
}

for cost in 1 "$shards"; do
	echo "$name: $shards shards, --cost $cost" >&2
	shards "c$cost" --cost "$cost"
	echo "merged$cost $(score "$w/c$cost-merged.model") $(wall "$w/c$cost.shards.time") $(wall "$w/c$cost.merge.time")" >> "$res"
done

# A second round (iterative parameter mixing): each shard updates the
# merged --cost 4 model with its own tickets (tk-train --update, default
# weight), at once, and the updated models are merged again.  Its time:
# both rounds of shards, and both merges.
echo "$name: $shards shards, a second round" >&2
shards r2 --update "$w/c$shards-merged.model"
sum() { awk -v a="$1" -v b="$2" 'BEGIN { print a + b }'; }
echo "round2 $(score "$w/r2-merged.model") $(sum "$(wall "$w/c$shards.shards.time")" "$(wall "$w/r2.shards.time")") $(sum "$(wall "$w/c$shards.merge.time")" "$(wall "$w/r2.merge.time")")" >> "$res"

awk -v shards="$shards" -v nproc="$nproc" -v load0="$load_start" -v load1="$(loadavg)" '
function pts(x) { return 100 * x }
{ acc[$1] = $2; f1[$1] = $3; ece[$1] = $4; tr[$1] = $5; mg[$1] = $6 }
function row(k, label) {
	printf "%-36s | %8.4f | %8.4f | %6.4f | %7.2f", label, acc[k], f1[k], ece[k], tr[k] + mg[k]
	if (k != "single")
		printf " (shards %.2f + merge %.2f)", tr[k], mg[k]
	printf "\n"
}
END {
	printf "tk-train --merge on banking77: %d interleaved shards trained at once (-j 1 each), merged, against one run\n", shards
	printf "%-36s | %8s | %8s | %6s | %7s\n", "run", "accuracy", "macro-F1", "ECE", "wall s"
	row("single", "single run (-j " nproc ")")
	row("merged1", shards " shards --cost 1 + --merge")
	row("merged" shards, shards " shards --cost " shards " + --merge")
	row("round2", "  + a second round (--update, merge)")
	printf "target: merged accuracy within 1 point of the single run'\''s (%.2f):\n", pts(acc["single"])
	for (c = 1; c <= shards; c += shards - 1) {
		d = pts(acc["merged" c]) - pts(acc["single"])
		printf "  --cost %d shards: %.2f, difference %+.2f points: %s\n", c, pts(acc["merged" c]), d,
			d >= -1 ? "PASS" : "MISS"
	}
	d = pts(acc["round2"]) - pts(acc["single"])
	printf "  two rounds: %.2f, difference %+.2f points: %s\n", pts(acc["round2"]), d, d >= -1 ? "PASS" : "MISS"
	printf "nproc = %s; load average %s at start, %s at end; times vary with load on the machine\n",
		nproc, load0, load1
}' "$res"

#!/bin/sh
# Routing: tk-route after tk-classify on it_ticket_assignment (74 support
# groups, the labelled routing data set of $BENCH_DATA), and tk-route's
# place in the whole pipeline on 300,000 tickets.
#
# The classifier is tk-train with default options on train.jsonl (the
# model bench-classify.sh builds, trained here again: it takes seconds and
# this bench does not depend on another's leftovers).  The routing file,
# written by this script, maps every label of train.jsonl to a queue,
# "GRP_0" -> "queue-GRP_0", with "strategy": "first", no queue rules, no
# pages, no priority and no escalation section, so that only the label map
# (and --escalate-below) decides.
#
# Targets (issue 7):
#   1. routing by the label map loses nothing: the share of test tickets
#      whose route.queue is the queue of their gold label equals the
#      classifier's accuracy (tk-eval on tk-classify's output), i.e. the
#      same number of tickets is right;
#   2. escalation: the --escalate-below threshold, chosen without the test
#      split, gives a precision of at least 0.95 on the test tickets routed
#      automatically (route.escalate false; precision = route.queue right
#      among them).  The threshold is tk-eval --target-precision 0.95's on a
#      held-out 10% of train.jsonl, classified by a model trained on the
#      other 90%; the test split, classified by the full model, is then
#      routed with it.  The held-out part is stratified and deterministic:
#      the 10th, 20th, ... distinct text of each label, with every ticket of
#      that text (the test split keeps identical texts on one side too), so
#      labels with fewer than 10 distinct texts stay whole in training.  For
#      reference only, the threshold tk-eval picks on the test split itself,
#      with the automation and precision it gives;
#   3. throughput: `tk-tokenize | tk-classify -m MODEL | tk-sentiment |
#      tk-route` (tk-route with its built-in routing) on 300,000 tickets
#      (it_ticket_assignment train+test repeated, the file bench-classify.sh
#      uses, built at run time in $BENCH_TMP), end to end as one process
#      tree reading the file and writing to /dev/null; and each stage alone
#      on its real input, the previous stage's output saved to a file,
#      writing to /dev/null.  tk-route must not be the slowest stage.  Also
#      tk-route's peak RSS on 100,000 and on 300,000 tickets: constant
#      memory if the latter is within 10% of the former.  For reference,
#      tk-route with the label-map file on the same input.
# A missed target is reported, not an error; a tool that fails or whose
# output is not sane (one line per ticket, each with a route) is an error.
#
# Times are wall times from $BENCH_MEASURE, medians of 3 runs; the stages
# and the pipeline take turns, so that a burst of load elsewhere on the
# machine falls on all rather than on one.  The stages of the pipeline run
# at once, so its rate depends on the number of processors, which the
# output gives.  MB is 10^6 bytes.  The tools run from a copy of bin/
# taken at the start.
#
# Run by tests/bench/run.sh, which sets the BENCH_* variables.

set -u

: "${BENCH_ROOT:?run me through tests/bench/run.sh}" "${BENCH_TMP:?}" "${BENCH_MEASURE:?}"
: "${BENCH_DATA:?}"

name="bench-route"
bin=$BENCH_ROOT/bin
set_name=it_ticket_assignment
src=$BENCH_DATA/$set_name
train=$src/train.jsonl
test=$src/test.jsonl
tput_tickets=300000
small_tickets=100000
big=$BENCH_TMP/it-300k.jsonl
bigtxt=$BENCH_TMP/it-300k.txt
precision=0.95
tools="tk-train tk-classify tk-eval tk-tokenize tk-sentiment tk-route"
w=$BENCH_TMP/$name
res=$w/results

if [ ! -r "$train" ] || [ ! -r "$test" ]; then
	echo "skip: $name: $src/{train,test}.jsonl not found"
	exit 0
fi
for t in $tools; do
	if [ ! -x "$bin/$t" ]; then
		echo "$name: $bin/$t not built (run make)" >&2
		exit 1
	fi
done

fail() {
	echo "$name: $*" >&2
	exit 1
}
. "$BENCH_ROOT/tests/bench/lib.sh"

# jq writes the routing file and reads the tools' JSON.
need_jq
# The run takes minutes: a copy of the tools (and so of one model format).
# Word splitting of $tools is intended.
# shellcheck disable=SC2086
copy_tools "$w/bin" $tools
bin=$w/bin
# The stage files of the throughput runs are some 1.5 GB: never leave them
# behind.
trap 'rm -f "$w"/stage.*' EXIT
trap 'exit 1' HUP INT TERM
: > "$res" || fail "cannot write $res"

load_start=$(loadavg)
nproc=$(nproc 2> /dev/null || getconf _NPROCESSORS_ONLN)

# stats FILE: "tickets right auto auto_right agree class_right" of routed
# tickets: right when route.queue is the queue of the gold label; auto
# when route.escalate is false; agree when route.queue is the queue of
# class.label; class_right when class.label is the gold label.
stats() {
	jq -n -r 'def q: "queue-" + tostring;
		reduce (inputs | {
			right: (.route.queue == (.label | q)),
			auto: (.route.escalate == false),
			agree: (.route.queue == (.class.label | q)),
			cright: (.class.label == .label)
		}) as $t ([0, 0, 0, 0, 0, 0];
			.[0] += 1
			| if $t.right then .[1] += 1 else . end
			| if $t.auto then .[2] += 1 else . end
			| if $t.auto and $t.right then .[3] += 1 else . end
			| if $t.agree then .[4] += 1 else . end
			| if $t.cright then .[5] += 1 else . end)
		| map(tostring) | join(" ")' "$1" || fail "cannot read $1"
}

# target FILE: "accuracy threshold automated target_accuracy" of
# tk-eval --target-precision on tk-classify's output FILE ("null" for a
# threshold not found); the reason, when there is one, in FILE.reason.
target() {
	"$bin/tk-eval" --target-precision "$precision" "$1" > "$1.eval" || fail "tk-eval failed on $1"
	jq -r '.target.reason // ""' "$1.eval" > "$1.reason" || fail "cannot read $1.eval"
	jq -r '"\(.accuracy) \(.target.threshold) \(.target.automated) \(.target.accuracy)"' "$1.eval" ||
		fail "cannot read $1.eval"
}

# route_test CONFIG OUT [ARGS]: route the classified test split.
route_test() {
	rt_conf=$1
	rt_out=$2
	shift 2
	run /dev/null -i "$w/test.class" -o "$rt_out" -- "$bin/tk-route" -c "$rt_conf" "$@"
	lines_ok "$rt_out" "$ntest" tk-route
}

# is_num S: S is a number tk-route takes for --escalate-below.
is_num() {
	case $1 in
	'' | *[!0-9.eE+-]*) return 1 ;;
	esac
}

ntest=$(wc -l < "$test") || fail "cannot read $test"

# 1. The classifier and the label map.
echo "$name: classify and route" >&2
run /dev/null -- "$bin/tk-train" -q -o "$w/full.model" "$train"
run /dev/null -i "$test" -o "$w/test.class" -- "$bin/tk-classify" -m "$w/full.model"
lines_ok "$w/test.class" "$ntest" tk-classify
conf=$w/labels.route.json
jq -r '.label | tostring' "$train" | sort -u |
	jq -R -s 'split("\n") | map(select(. != "")) | {
		comment: "bench-route.sh: every label of train.jsonl to its own queue",
		strategy: "first",
		queues: [],
		label_as_queue: false,
		labels: (map({key: ., value: ("queue-" + .)}) | from_entries)
	}' > "$conf" || fail "cannot write $conf"
nlabels=$(jq '.labels | length' "$conf") || fail "cannot read $conf"
route_test "$conf" "$w/test.route"
s=$(target "$w/test.class") || exit 1
# Splitting the figures into words is intended, here and below.
# shellcheck disable=SC2086
set -- $s
echo "classify $1" >> "$res"
echo "target-test $2 $(cat "$w/test.class.reason")" >> "$res"
thr_test=$2
s=$(stats "$w/test.route") || exit 1
echo "route $s" >> "$res"

# 2. The threshold, from a held-out 10% of train.jsonl.
echo "$name: escalation threshold" >&2
jq -r '(.label | tostring) + "\t" + (.text | tojson)' "$train" > "$w/train.keys" ||
	fail "cannot read $train"
awk -F '\t' -v hold="$w/hold.jsonl" -v fit="$w/fit.jsonl" '
NR == FNR {
	if (!($2 in pick)) {
		n[$1]++
		pick[$2] = n[$1] % 10 == 0
	}
	held[FNR] = pick[$2]
	next
}
{ print > (held[FNR] ? hold : fit) }' "$w/train.keys" "$train" || fail "cannot split $train"
nhold=$(wc -l < "$w/hold.jsonl") || fail "cannot read $w/hold.jsonl"
[ "$nhold" -gt 0 ] || fail "the held-out part of $train is empty"
run /dev/null -- "$bin/tk-train" -q -o "$w/fit.model" "$w/fit.jsonl"
run /dev/null -i "$w/hold.jsonl" -o "$w/hold.class" -- "$bin/tk-classify" -m "$w/fit.model"
lines_ok "$w/hold.class" "$nhold" "tk-classify (held-out part)"
s=$(target "$w/hold.class") || exit 1
# shellcheck disable=SC2086
set -- $s
echo "hold $nhold $(wc -l < "$train") $1 $2 $3 $4 $(cat "$w/hold.class.reason")" >> "$res"
thr_hold=$2
if is_num "$thr_hold"; then
	route_test "$conf" "$w/test.esc-hold" --escalate-below "$thr_hold"
	s=$(stats "$w/test.esc-hold") || exit 1
	echo "esc-hold $thr_hold $s" >> "$res"
fi
if is_num "$thr_test"; then
	route_test "$conf" "$w/test.esc-test" --escalate-below "$thr_test"
	s=$(stats "$w/test.esc-test") || exit 1
	echo "esc-test $thr_test $s" >> "$res"
fi

# 3. Throughput.  The input: train+test repeated and cut at tput_tickets
# lines (lib.sh); bench-classify.sh derives $bigtxt from it, so that goes
# whenever it is rebuilt.
echo "$name: throughput" >&2
build_tickets "$set_name" "$tput_tickets" "$big" || rm -f "$bigtxt"
model=$w/full.model

# Each stage's real input: the previous stage's output, in a file.  These
# runs write files, so they are not timed; tk-route's output is checked
# here: one line per ticket, each with a route.
s1=$w/stage.tokens s2=$w/stage.class s3=$w/stage.sentiment s4=$w/stage.route
run /dev/null -o "$s1" -- "$bin/tk-tokenize" "$big"
lines_ok "$s1" "$tput_tickets" tk-tokenize
run /dev/null -o "$s2" -- "$bin/tk-classify" -m "$model" "$s1"
lines_ok "$s2" "$tput_tickets" tk-classify
run /dev/null -o "$s3" -- "$bin/tk-sentiment" "$s2"
lines_ok "$s3" "$tput_tickets" tk-sentiment
run /dev/null -o "$s4" -- "$bin/tk-route" "$s3"
lines_ok "$s4" "$tput_tickets" tk-route
n=$(grep -c '"route": *{"queue":' "$s4")
[ "$n" -eq "$tput_tickets" ] || fail "tk-route wrote $((tput_tickets - n)) of $tput_tickets lines without a route"
rm -f "$s4"
head -n "$small_tickets" "$s3" > "$w/stage.sentiment-100k" || fail "cannot write $w/stage.sentiment-100k"

# The pipeline, as one process tree: sh runs the four stages and waits for
# them, so its rusage holds theirs.  A stage that fails leaves its status
# in $errs (a pipeline's status is the last command's alone).
errs=$w/pipeline.errors
: > "$errs" || fail "cannot write $errs"
# shellcheck disable=SC2016
pipeline='b=$1 in=$2 model=$3 errs=$4
{ "$b/tk-tokenize" "$in" || echo "tk-tokenize: status $?" >> "$errs"; } |
	{ "$b/tk-classify" -m "$model" || echo "tk-classify: status $?" >> "$errs"; } |
	{ "$b/tk-sentiment" || echo "tk-sentiment: status $?" >> "$errs"; } |
	{ "$b/tk-route" || echo "tk-route: status $?" >> "$errs"; }'
for f in pipeline tokenize classify sentiment route route-labels route-100k; do
	: > "$w/tput.$f" || fail "cannot write $w/tput.$f"
done
for round in 1 2 3; do
	echo "$name: throughput, round $round of 3" >&2
	run "$w/tput.pipeline" -o /dev/null -- sh -c "$pipeline" sh "$bin" "$big" "$model" "$errs"
	[ ! -s "$errs" ] || fail "the pipeline failed: $(cat "$errs")"
	run "$w/tput.tokenize" -o /dev/null -- "$bin/tk-tokenize" "$big"
	run "$w/tput.classify" -o /dev/null -- "$bin/tk-classify" -m "$model" "$s1"
	run "$w/tput.sentiment" -o /dev/null -- "$bin/tk-sentiment" "$s2"
	run "$w/tput.route" -o /dev/null -- "$bin/tk-route" "$s3"
	run "$w/tput.route-labels" -o /dev/null -- "$bin/tk-route" -c "$conf" "$s3"
done
run "$w/tput.route-100k" -o /dev/null -- "$bin/tk-route" "$w/stage.sentiment-100k"

for f in pipeline tokenize classify sentiment route route-labels route-100k; do
	s=$(summary "$w/tput.$f") || fail "cannot read $w/tput.$f"
	cpu=$(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^cpu=/) c[NR] = substr($i, 5) + 0 }
		END { for (i = 2; i <= NR; i++) for (j = i; j > 1 && c[j - 1] > c[j]; j--) {
			t = c[j]; c[j] = c[j - 1]; c[j - 1] = t }
		print NR % 2 ? c[(NR + 1) / 2] : (c[NR / 2] + c[NR / 2 + 1]) / 2 }' "$w/tput.$f")
	echo "tput $f ${s% *} $cpu ${s#* }" >> "$res"
done

awk -v set="$set_name" -v ntest="$ntest" -v nlabels="$nlabels" -v prec="$precision" \
	-v tickets="$tput_tickets" -v small="$small_tickets" -v nproc="$nproc" \
	-v load0="$load_start" -v load1="$(loadavg)" '
function met(ok) { return ok ? "met" : "MISSED" }
function mb(kb) { return kb * 1024 / 1e6 }
function ratio(a, b) { return b > 0 ? sprintf("%.4f", a / b) : "-" }
function why(from,   s, i) {
	s = ""
	for (i = from; i <= NF; i++)
		s = s (i > from ? " " : "") $i
	return s
}
# A row of the quality table: what, threshold, tickets, automated, precision.
function qrow(what, thr, n, auto, right) {
	printf "%-46s | %9s | %7d | %9s | %9s\n", what, thr, n, ratio(auto, n), ratio(right, auto)
}
# A row of the throughput table.
function trow(what, f, share) {
	printf "%-46s | %7.2f | %7.2f | %9.0f | %6s | %7.1f\n", what, wall[f], cpu[f], tickets / wall[f],
		share, mb(rss[f])
}
$1 == "classify" { cacc = $2 }
$1 == "target-test" { tthr = $2; treason = why(3) }
$1 == "route" { n = $2; right = $3; agree = $6; cright = $7 }
$1 == "hold" { hn = $2; htrain = $3; hacc = $4; hthr = $5; hauto = $6; hprec = $7; hreason = why(8) }
$1 == "esc-hold" { eh = 1; ehthr = $2; ehn = $3; ehauto = $5; ehright = $6 }
$1 == "esc-test" { et = 1; etthr = $2; etn = $3; etauto = $5; etright = $6 }
$1 == "tput" { wall[$2] = $3; cpu[$2] = $4; rss[$2] = $5 }
END {
	printf "tk-route after tk-classify on %s (model: tk-train on train.jsonl; routing file: %d labels -> queue-LABEL, strategy first)\n",
		set, nlabels
	printf "%-46s | %9s | %7s | %9s | %9s\n", "test.jsonl routed", "threshold", "tickets", "automated",
		"precision"
	qrow("tk-classify (accuracy, from tk-eval: " cacc ")", "-", n, n, cright)
	qrow("tk-route -c labels (queue of the gold label)", "-", n, n, right)
	if (eh)
		qrow("--escalate-below, chosen on held-out 10%", ehthr, ehn, ehauto, ehright)
	else
		printf "%-46s | %9s | %s\n", "--escalate-below, chosen on held-out 10%", "null", hreason
	if (et)
		qrow("--escalate-below, chosen ON TEST (reference)", etthr, etn, etauto, etright)
	else
		printf "%-46s | %9s | %s\n", "--escalate-below, chosen ON TEST (reference)", "null", treason
	printf "automated: share of tickets with route.escalate false; precision: route.queue right among them (all tickets when nothing escalates)\n"
	printf "held-out 10%%: %d of %d training tickets (10th, 20th, ... distinct text of each label, its duplicates with it); ",
		hn, htrain
	printf "model on the other %d: accuracy %.4f on it, tk-eval --target-precision %s threshold %s (automates %s at %s)\n",
		htrain - hn, hacc, prec, hthr, hauto, hprec
	printf "route.queue is queue-(class.label) on %d of %d test tickets\n", agree, n

	printf "\n"
	printf "%-46s | %7s | %7s | %9s | %6s | %7s\n", "throughput, " tickets " tickets", "wall s", "cpu s",
		"tickets/s", "share", "RSS MB"
	split("tokenize classify sentiment route", st, " ")
	split("tk-tokenize|tk-classify -m MODEL|tk-sentiment|tk-route (built-in routing)", sl, "|")
	sum = 0
	slow = ""
	for (i = 1; i <= 4; i++) {
		sum += wall[st[i]]
		if (slow == "" || wall[st[i]] > wall[slow]) {
			slow = st[i]
			slowl = sl[i]
		}
	}
	for (i = 1; i <= 4; i++)
		trow(sl[i], st[i], sprintf("%5.1f%%", 100 * wall[st[i]] / sum))
	trow("pipeline, end to end (sum of stages " sprintf("%.2f", sum) " s)", "pipeline", "-")
	trow("tk-route -c labels (reference)", "route-labels", "-")
	printf "each stage alone on the previous stage'\''s output in a file, writing to /dev/null; pipeline: sh running the four, the file in, /dev/null out;\n"
	printf "median of 3 runs each, taking turns; share: of the sum of the stages'\'' wall times; RSS: peak (pipeline: the largest process)\n"

	printf "targets:\n"
	printf "1. routing accuracy = classifier accuracy: %s vs %s (%d vs %d of %d right): %s\n",
		ratio(right, n), ratio(cright, n), right, cright, n, met(n > 0 && right == cright)
	if (eh)
		printf "2. precision >= %s on automated test tickets, threshold %s from the held-out 10%%: %s on %d (%s automated): %s\n",
			prec, ehthr, ratio(ehright, ehauto), ehauto, ratio(ehauto, ehn),
			met(ehauto > 0 && ehright >= prec * ehauto)
	else
		printf "2. precision >= %s on automated test tickets: no threshold from the held-out 10%% (%s): MISSED\n",
			prec, hreason
	if (et)
		printf "   (reference, threshold %s chosen on the test split itself: precision %s on %d, %s automated; not a target)\n",
			etthr, ratio(etright, etauto), etauto, ratio(etauto, etn)
	other = ""
	for (i = 1; i <= 4; i++)
		if (st[i] != "route" && (other == "" || wall[st[i]] > wall[other])) {
			other = st[i]
			otherl = sl[i]
		}
	printf "3. tk-route not the slowest stage: tk-route %.0f tickets/s (%.2f s), slowest other %s %.0f tickets/s (%.2f s), ratio %.2f: %s\n",
		tickets / wall["route"], wall["route"], otherl, tickets / wall[other], wall[other],
		wall["route"] / wall[other], met(slow != "route")
	printf "   (slowest stage: %s; pipeline end to end %.0f tickets/s on %s processors)\n", slowl,
		tickets / wall["pipeline"], nproc
	printf "3. constant memory: tk-route peak RSS %.1f MB on %d tickets, %.1f MB on %d (within 10%%): %s\n",
		mb(rss["route-100k"]), small, mb(rss["route"]), tickets, met(rss["route"] <= 1.1 * rss["route-100k"])
	printf "nproc = %s; load average %s at start, %s at end; figures vary with load on the machine\n",
		nproc, load0, load1
}' "$res"

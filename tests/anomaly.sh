#!/bin/sh
# tk-anomaly's state across runs: a stream cut into slices, each run with
# --state, gives the alerts (and with --scores every window) one run over
# the whole stream gives; and a state file cut or changed anywhere is
# refused with a message, never trusted; workers that share the keys
# (--shard) and their merged state (--merge).  And the --plot charts of
# tk-anomaly and tk-eval: well-formed, complete, the same bytes every run,
# stdout untouched.  Prints TAP.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
bin=${TK_BIN:-$top/bin}
. "$top/tests/tap.sh"

awk -v weeks=4 -v spike=514 -v spike2=562 -v spike_n=30 -v spike_hours=2 -v keys=1 \
	-f "$top/testdata/tk-anomaly/tickets.awk" > "$tmp/in.jsonl"
# cut_runs INPUT WHAT CUTS -- OPTIONS: one run over INPUT with --state, and
# two runs cut after each line of CUTS, must give the same output and state.
cut_runs() {
	cr_in=$1 cr_what=$2 cr_cuts=$3
	shift 4
	rm -f "$tmp/one.state"
	"$bin/tk-anomaly" -q "$@" --state "$tmp/one.state" "$cr_in" > "$tmp/one.out"
	for cut in $cr_cuts; do
		rm -f "$tmp/two.state"
		head -n "$cut" "$cr_in" | "$bin/tk-anomaly" -q "$@" --state "$tmp/two.state" > "$tmp/two.out" &&
			tail -n +"$((cut + 1))" "$cr_in" | "$bin/tk-anomaly" -q "$@" --state "$tmp/two.state" >> "$tmp/two.out" &&
			cmp "$tmp/one.out" "$tmp/two.out" > "$tmp/why" && cmp "$tmp/one.state" "$tmp/two.state" >> "$tmp/why"
		result $? "tk-anomaly $*: two runs cut after $cr_what $cut of $(wc -l < "$cr_in") give one run's output and state"
	done
}
lines=$(wc -l < "$tmp/in.jsonl")
cut_runs "$tmp/in.jsonl" line "1 1000 2600 $((lines - 1))" -- --scores -k team
cut_runs "$tmp/in.jsonl" line "1 1000 2600 $((lines - 1))" --
[ "$(grep -c '"type":"alert"' "$tmp/one.out")" -ge 2 ]
result $? "the stream the runs are cut from has alerts to compare"

# The same with --series: a daily wave with noise, a spike and a day gone flat (the
# spike beyond the --range of the second).
awk 'BEGIN { for (i = 0; i < 3000; i++) {
	v = 50 + 20 * sin(i * 6.2831853 / 288) + (i * 7919 % 13)
	if (i == 1700) v = 400
	if (i >= 2400 && i < 2500) v = 50
	printf "{\"timestamp\":%d,\"value\":%.3f,\"src\":\"%s\"}\n", 1700000000 + 300 * i, v, i % 3 ? "a" : "b" } }' \
	> "$tmp/points.jsonl"
cut_runs "$tmp/points.jsonl" point "1 700 1701 2999" -- --series --scores
cut_runs "$tmp/points.jsonl" point "1 700 1701 2999" -- --series -k src --range 30:80
[ "$(grep -c '"type":"alert"' "$tmp/one.out")" -ge 2 ]
result $? "the series the runs are cut from has alerts to compare"
"$bin/tk-anomaly" -q --series -k src --state "$tmp/one.state" < /dev/null > /dev/null 2> "$tmp/why"
[ $? = 2 ] && grep -q "the state was kept with other settings (-k src --range 30:80 there, -k src here)" "$tmp/why"
result $? "a state kept with --range is refused without it (its contexts are of those bins)"

# A live stream (cron): a run with --state judges at its end the windows that are over by --now.
awk -v weeks=4 -v spike=514 -v spike_n=30 -v spike_hours=1 -f "$top/testdata/tk-anomaly/tickets.awk" |
	awk -F '"created_at":' '{ split($2, t, ","); if (t[1] < 1769425200) print }' > "$tmp/live.jsonl"
rm -f "$tmp/live.state"
"$bin/tk-anomaly" -q --state "$tmp/live.state" "$tmp/live.jsonl" > "$tmp/replay.out"
[ ! -s "$tmp/replay.out" ]
result $? "a replay with --state leaves its last window (10:00-11:00, the spike) open for the next run"
rm -f "$tmp/live.state"
"$bin/tk-anomaly" -q --state "$tmp/live.state" --now 2026-01-26T11:05:00Z "$tmp/live.jsonl" > "$tmp/live.out"
grep -q '"type":"alert","key":"all","start":"2026-01-26T10:00:00Z"' "$tmp/live.out"
result $? "run at 11:05 with --state, it judges the 10:00-11:00 window that is over: the spike's alert"

# Streaming: the alert is written as soon as its window closes, while the input is still open.
awk -v weeks=4 -v spike=514 -v spike_n=30 -v spike_hours=1 -f "$top/testdata/tk-anomaly/tickets.awk" |
	awk -F '"created_at":' '{ split($2, t, ","); if (t[1] < 1769425200 + 600) print }' > "$tmp/feed.jsonl"
mkfifo "$tmp/fifo"
"$bin/tk-anomaly" -q < "$tmp/fifo" > "$tmp/stream.out" &
reader=$!
exec 3> "$tmp/fifo"
cat "$tmp/feed.jsonl" >&3
waited=0
while ! grep -q '"type":"alert"' "$tmp/stream.out" && [ $waited -lt 50 ]; do
	sleep 0.1
	waited=$((waited + 1))
done
grep -q '"type":"alert","key":"all","start":"2026-01-26T10:00:00Z"' "$tmp/stream.out"
result $? "an alert comes out while the input is still open (as with tail -f)"
exec 3>&-
wait $reader

# Cut or change the state file anywhere: refused, status 2, a message naming it.
# It is cut at about 30 places: the fuzz target (tests/fuzz/fuzz-anomaly.c)
# reads damaged state bodies by the million.
size=$(wc -c < "$tmp/one.state")
step=$((size / 30 + 1))
bad=0
at=1
while [ "$at" -lt "$size" ]; do
	head -c "$at" "$tmp/one.state" > "$tmp/cut.state"
	"$bin/tk-anomaly" --state "$tmp/cut.state" < /dev/null > /dev/null 2> "$tmp/err"
	status=$?
	if [ $status != 2 ] || ! grep -q "^tk-anomaly: $tmp/cut.state: " "$tmp/err"; then
		echo "cut at $at: status $status: $(cat "$tmp/err")" >> "$tmp/why"
		bad=$((bad + 1))
	fi
	at=$((at + step))
done
result $bad "a state file cut anywhere (every ${step}th byte of $size) is refused with a message"
for at in 30 500 2000 $((size - 20)); do
	{ head -c "$at" "$tmp/one.state" && printf 'Z' && tail -c +$((at + 2)) "$tmp/one.state"; } > "$tmp/flip.state"
	"$bin/tk-anomaly" --state "$tmp/flip.state" < /dev/null > /dev/null 2> "$tmp/why"
	[ $? = 2 ] && grep -q "damaged state\|not a tk-anomaly state file" "$tmp/why"
	result $? "a state file with byte $at changed is refused"
done

# --plot: an SVG that is well-formed XML, a panel per key and a marker per alert, the same
# bytes run after run; what goes to stdout is the same as without it.
svg_ok() { # FILE PANELS ALERTS: well-formed, with that many panels and alert markers
	/usr/bin/python3 -c 'import sys, xml.dom.minidom as m
d = m.parse(sys.argv[1])
panels = sum(1 for t in d.getElementsByTagName("text") if t.getAttribute("font-weight") == "bold" and t.getAttribute("font-size") == "12")
alerts = sum(1 for g in d.getElementsByTagName("g") if g.getAttribute("class") == "alert")
sys.exit(0 if (panels, alerts) == (int(sys.argv[2]), int(sys.argv[3])) else "panels %d, alerts %d" % (panels, alerts))' "$@"
}
"$bin/tk-anomaly" -q -k team "$tmp/in.jsonl" > "$tmp/plain.out"
"$bin/tk-anomaly" -q -k team --plot "$tmp/a.svg" "$tmp/in.jsonl" > "$tmp/plot.out" &&
	"$bin/tk-anomaly" -q -k team --plot "$tmp/b.svg" "$tmp/in.jsonl" > /dev/null &&
	cmp "$tmp/plain.out" "$tmp/plot.out" > "$tmp/why" && cmp "$tmp/a.svg" "$tmp/b.svg" >> "$tmp/why"
result $? "tk-anomaly --plot: stdout as without it, and the same chart twice"
keys=$("$bin/tk-anomaly" -q -k team --scores "$tmp/in.jsonl" | grep -o '"key":"[^"]*"' | sort -u | wc -l)
alerts=$(grep -c '"type":"alert"' "$tmp/plain.out")
[ "$alerts" -ge 2 ] && grep -q "<!-- $keys of $keys keys shown -->" "$tmp/a.svg" &&
	svg_ok "$tmp/a.svg" "$keys" "$alerts" > "$tmp/why" 2>&1
result $? "tk-anomaly --plot: well-formed, a panel per key ($keys), a marker per alert ($alerts)"
# A series of 5000 points with two jumps: merged into at most 2000 points, each alert still marked.
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "{\"timestamp\":%d,\"value\":%d}\n", 1700000000 + 60 * i, (i == 3000 || i == 4500 ? 500 : 10 + i % 7) }' \
	> "$tmp/series.jsonl"
"$bin/tk-anomaly" --series --plot "$tmp/s.svg" "$tmp/series.jsonl" > "$tmp/series.out" &&
	svg_ok "$tmp/s.svg" 1 "$(grep -c '"type":"alert"' "$tmp/series.out")" > "$tmp/why" 2>&1 &&
	grep -q 'least and most of each 4 points' "$tmp/s.svg" 2>> "$tmp/why"
result $? "tk-anomaly --series --plot: 5000 points drawn as 1250 ranges, with every alert"
"$bin/tk-anomaly" -q --plot "$tmp/no-dir/a.svg" "$tmp/in.jsonl" > "$tmp/plot.out" 2> "$tmp/err"
[ $? = 2 ] && "$bin/tk-anomaly" -q "$tmp/in.jsonl" | cmp - "$tmp/plot.out" > "$tmp/why" &&
	grep -q "^tk-anomaly: $tmp/no-dir/a.svg: " "$tmp/err" && [ ! -e "$tmp/no-dir" ]
result $? "tk-anomaly --plot into a missing folder: status 2, a message, the alerts written all the same"

# tk-eval --plot: the two charts, the chosen threshold marked, the same bytes twice.
awk 'BEGIN { for (i = 0; i < 400; i++) { c = (i % 100) / 100; printf "{\"label\":\"%s\",\"class\":{\"label\":\"a\",\"confidence\":%.2f}}\n", (i * 7919 % 100 < 100 * c ? "a" : "b"), c } }' \
	> "$tmp/eval.jsonl"
"$bin/tk-eval" --bins 5 --target-precision 0.8 "$tmp/eval.jsonl" > "$tmp/plain.out"
"$bin/tk-eval" --bins 5 --target-precision 0.8 --plot "$tmp/e1.svg" "$tmp/eval.jsonl" > "$tmp/plot.out" &&
	"$bin/tk-eval" --bins 5 --target-precision 0.8 --plot "$tmp/e2.svg" "$tmp/eval.jsonl" > /dev/null &&
	cmp "$tmp/plain.out" "$tmp/plot.out" > "$tmp/why" && cmp "$tmp/e1.svg" "$tmp/e2.svg" >> "$tmp/why" &&
	/usr/bin/python3 -c 'import sys, xml.dom.minidom as m
d = m.parse(sys.argv[1])
n = {}
for g in d.getElementsByTagName("g"):
	n[g.getAttribute("class")] = n.get(g.getAttribute("class"), 0) + 1
sys.exit(0 if (n.get("bin"), n.get("chosen"), n.get("step")) == (5, 1, 20) else str(n))' "$tmp/e1.svg" >> "$tmp/why" 2>&1
result $? "tk-eval --plot: well-formed, 5 bins, the 20 thresholds with tickets, the chosen one; stdout as without it"
# Shards by key: workers that each watch their share of the keys (--shard)
# raise the alerts one worker raises, and their state files merge into the
# one worker's (--merge); a merged state splits again by shard.
sample=$top/testdata/sample
"$bin/tk-anomaly" -q -k channel --now 2026-11-16T00:00:00Z --state "$tmp/all.state" "$sample/history.jsonl" > /dev/null &&
	"$bin/tk-anomaly" -q -k channel --now 2026-11-17T00:00:00Z --state "$tmp/all.state" "$sample/today.jsonl" |
	sort > "$tmp/all.alerts"
: > "$tmp/shards.alerts"
for i in 1 2 3; do
	"$bin/tk-anomaly" -q -k channel --shard $i/3 --now 2026-11-16T00:00:00Z --state "$tmp/s$i.state" \
		"$sample/history.jsonl" > /dev/null &&
		"$bin/tk-anomaly" -q -k channel --shard $i/3 --now 2026-11-17T00:00:00Z --state "$tmp/s$i.state" \
			"$sample/today.jsonl" >> "$tmp/shards.alerts"
done
sort "$tmp/shards.alerts" | cmp - "$tmp/all.alerts" > "$tmp/why" && [ "$(wc -l < "$tmp/all.alerts")" -ge 2 ]
result $? "--shard: three workers raise the $(wc -l < "$tmp/all.alerts") alerts one worker raises"
nkeys=0
for i in 1 2 3; do
	nkeys=$((nkeys + $(grep -o '"name":"' "$tmp/s$i.state" | wc -l)))
done
[ "$nkeys" -eq "$(grep -o '"name":"' "$tmp/all.state" | wc -l)" ]
result $? "--shard: each key is in one worker's state ($nkeys keys)"
"$bin/tk-anomaly" --merge --state "$tmp/merged.state" "$tmp/s1.state" "$tmp/s2.state" "$tmp/s3.state" 2> "$tmp/why"
result $? "--merge: the three state files merge"
# Key by key, the merged state is the one worker's: compare one line per key.
keys() { sed -n 2p "$1" | sed 's/},{"name"/}\n{"name"/g' | sed 's/.*"keys":\[//; s/\]}$//' | sort; }
keys "$tmp/merged.state" > "$tmp/merged.keys"
keys "$tmp/all.state" | cmp - "$tmp/merged.keys" > "$tmp/why" && [ -s "$tmp/merged.keys" ]
result $? "--merge: the merged state holds, key for key, what one worker's holds"
head -n 150 "$sample/today.jsonl" | tail -n 40 | sed 's/"2026-11-16T/"2026-11-17T/' > "$tmp/next.jsonl"
cp "$tmp/merged.state" "$tmp/merged.next.state"
cp "$tmp/all.state" "$tmp/all.next.state"
"$bin/tk-anomaly" -q -k channel --scores --now 2026-11-18T00:00:00Z --state "$tmp/merged.next.state" "$tmp/next.jsonl" |
	sort > "$tmp/merged.next"
"$bin/tk-anomaly" -q -k channel --scores --now 2026-11-18T00:00:00Z --state "$tmp/all.next.state" "$tmp/next.jsonl" |
	sort | cmp - "$tmp/merged.next" > "$tmp/why" && [ -s "$tmp/merged.next" ]
result $? "--merge: the next run from the merged state scores as from one worker's"
"$bin/tk-anomaly" --merge --shard 3/3 --state "$tmp/split.state" "$tmp/merged.state" &&
	keys "$tmp/split.state" > "$tmp/split.keys" && keys "$tmp/s3.state" | cmp - "$tmp/split.keys" > "$tmp/why" &&
	[ "$(wc -l < "$tmp/split.keys")" -ge 2 ] && [ "$(wc -l < "$tmp/split.keys")" -lt "$nkeys" ]
result $? "--merge --shard 3/3: a merged state splits into shard 3's $(wc -l < "$tmp/split.keys") keys again"
"$bin/tk-anomaly" -q -k channel --shard 3/3 --state "$tmp/merged.state" < /dev/null > /dev/null 2> "$tmp/err"
[ $? = 2 ] && grep -q "is not in shard 3/3" "$tmp/err"
result $? "--shard refuses a state with the keys of other shards"
"$bin/tk-anomaly" --merge --state "$tmp/x.state" "$tmp/s1.state" "$tmp/all.state" 2> "$tmp/err"
[ $? = 2 ] && grep -q "in an earlier state file too" "$tmp/err" && [ ! -e "$tmp/x.state" ]
result $? "--merge refuses a key in two files, and writes nothing"
"$bin/tk-anomaly" -q --now 2026-11-16T00:00:00Z --state "$tmp/nokey.state" < /dev/null > /dev/null
"$bin/tk-anomaly" --merge --state "$tmp/x.state" "$tmp/s1.state" "$tmp/nokey.state" 2> "$tmp/err"
[ $? = 2 ] && grep -q "^tk-anomaly: $tmp/nokey.state: the state was kept with other settings" "$tmp/err" && [ ! -e "$tmp/x.state" ]
result $? "--merge refuses a state of other keys, naming it"
"$bin/tk-anomaly" --merge -k channel --state "$tmp/x.state" "$tmp/s1.state" 2> "$tmp/err"
[ $? = 2 ] && grep -q "the other settings are the files'" "$tmp/err"
result $? "--merge with -k is a usage error"

# State files of version 1 (kept by the tk-anomaly before contexts, from the
# first 1,500 tickets of tickets.awk's stream with -k team, and from 300
# points of a wave) are still read.  Ticket keys are as they were: the run
# on the rest of the stream gives what a run from today's state gives.
awk -v weeks=3 -v spike=400 -v spike_n=30 -v spike_hours=1 -f "$top/testdata/tk-anomaly/tickets.awk" > "$tmp/v1.jsonl"
head -n 1500 "$tmp/v1.jsonl" > "$tmp/v1-a.jsonl"
tail -n +1501 "$tmp/v1.jsonl" > "$tmp/v1-b.jsonl"
cp "$top/testdata/tk-anomaly/v1-tickets.state" "$tmp/v1t.state"
rm -f "$tmp/v2t.state"
"$bin/tk-anomaly" -q -k team --state "$tmp/v2t.state" "$tmp/v1-a.jsonl" > /dev/null &&
	"$bin/tk-anomaly" -q -k team --scores --state "$tmp/v2t.state" "$tmp/v1-b.jsonl" > "$tmp/v2t.out" &&
	"$bin/tk-anomaly" -q -k team --scores --state "$tmp/v1t.state" "$tmp/v1-b.jsonl" > "$tmp/v1t.out" 2> "$tmp/why" &&
	cmp "$tmp/v2t.out" "$tmp/v1t.out" >> "$tmp/why" && head -n 1 "$tmp/v1t.state" | grep -qx 'ticketkit-anomaly-state 2'
result $? "a version 1 state of tickets is read, scores as today's would, and is written back as version 2"
cp "$top/testdata/tk-anomaly/v1-series.state" "$tmp/v1s.state"
awk 'BEGIN { for (i = 300; i < 400; i++) printf "{\"timestamp\":%d,\"value\":%.3f}\n", 1700000000 + i * 300, 50 + 20 * sin(i / 12) }' |
	"$bin/tk-anomaly" -q --series --scores --state "$tmp/v1s.state" > "$tmp/v1s.out" 2> "$tmp/why" &&
	[ "$(wc -l < "$tmp/v1s.out")" -eq 100 ] && ! grep -q '"type":"alert"' "$tmp/v1s.out" &&
	"$bin/tk-anomaly" -q --series --state "$tmp/v1s.state" < /dev/null >> "$tmp/why" 2>&1
result $? "a version 1 state of a series is read: the wave goes on without an alert, and the state is written and read again"
tap_done

#!/bin/sh
# tk-anomaly's state across runs: a stream cut into slices, each run with
# --state, gives the alerts (and with --scores every window) one run over
# the whole stream gives; and a state file cut or changed anywhere is
# refused with a message, never trusted.  Prints TAP.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
bin=${TK_BIN:-$top/bin}
. "$top/tests/tap.sh"

awk -v weeks=4 -v spike=514 -v spike2=562 -v spike_n=30 -v spike_hours=2 -v keys=1 \
	-f "$top/testdata/tk-anomaly/tickets.awk" > "$tmp/in.jsonl"
lines=$(wc -l < "$tmp/in.jsonl")
for opts in "" "--scores -k team"; do
	rm -f "$tmp/one.state"
	"$bin/tk-anomaly" -q $opts --state "$tmp/one.state" "$tmp/in.jsonl" > "$tmp/one.out"
	for cut in 1 1000 2600 $((lines - 1)); do
		rm -f "$tmp/two.state"
		head -n "$cut" "$tmp/in.jsonl" | "$bin/tk-anomaly" -q $opts --state "$tmp/two.state" > "$tmp/two.out" &&
			tail -n +"$((cut + 1))" "$tmp/in.jsonl" |
			"$bin/tk-anomaly" -q $opts --state "$tmp/two.state" >> "$tmp/two.out" &&
			cmp "$tmp/one.out" "$tmp/two.out" > "$tmp/why" && cmp "$tmp/one.state" "$tmp/two.state" >> "$tmp/why"
		result $? "tk-anomaly $opts: two runs cut after line $cut of $lines give one run's output and state"
	done
done
[ "$(grep -c '"type":"alert"' "$tmp/one.out")" -ge 2 ]
result $? "the stream the runs are cut from has alerts to compare"

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
size=$(wc -c < "$tmp/one.state")
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
	at=$((at + 997))
done
result $bad "a state file cut anywhere is refused with a message"
for at in 30 500 2000 $((size - 20)); do
	dd if="$tmp/one.state" bs=1 count="$at" 2> /dev/null > "$tmp/flip.state"
	printf 'Z' >> "$tmp/flip.state"
	dd if="$tmp/one.state" bs=1 skip="$((at + 1))" 2> /dev/null >> "$tmp/flip.state"
	"$bin/tk-anomaly" --state "$tmp/flip.state" < /dev/null > /dev/null 2> "$tmp/why"
	[ $? = 2 ] && grep -q "damaged state\|not a tk-anomaly state file" "$tmp/why"
	result $? "a state file with byte $at changed is refused"
done
tap_done

#!/bin/sh
# tk-cluster on the bundled sample day: the incident comes out as a
# cluster of its own, named by its error code; the same seed gives the
# same clusters; saved clusters assign the tickets they were fitted on to
# the clusters the fit gave them; a clusters file cut anywhere is refused.
# Prints TAP.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
bin=${TK_BIN:-$top/bin}
today=$top/testdata/sample/today.jsonl
. "$top/tests/tap.sh"

"$bin/tk-cluster" -s "$tmp/today.tkc" "$today" > "$tmp/fit.jsonl"
result $? "tk-cluster fits the sample day and saves the clusters"
# cluster<TAB>incident?, then per cluster: incident tickets, size
awk '{
	id = $0; sub(/.*"cluster":\{"id":"/, "", id); sub(/".*/, "", id)
	n[id]++; if (/E-4012/) e[id]++
}
END {
	for (c in e) if (best == "" || e[c] > e[best]) best = c
	printf "%s %d %d\n", best, e[best], n[best]
}' "$tmp/fit.jsonl" > "$tmp/best"
read -r best incident size < "$tmp/best"
[ "$incident" -ge 35 ] && [ $((incident * 10)) -ge $((size * 8)) ]
result $? "the incident is a cluster of its own: $best holds $incident of the 70 incident tickets, in $size"
grep "\"cluster\":{\"id\":\"$best\"" "$tmp/fit.jsonl" | head -n 1 | grep -q '"terms":\[[^]]*"e-4012"'
result $? "and its terms name the error code e-4012"

"$bin/tk-cluster" "$today" > "$tmp/again.jsonl"
cmp "$tmp/fit.jsonl" "$tmp/again.jsonl" > "$tmp/why"
result $? "the same seed gives the same clusters"

"$bin/tk-cluster" -m "$tmp/today.tkc" --new-threshold 0 "$today" > "$tmp/assign.jsonl"
same=$(paste -d '\n' "$tmp/fit.jsonl" "$tmp/assign.jsonl" | sed 's/.*"cluster":{"id":"\([^"]*\)".*/\1/' |
	paste - - | awk '$1 == $2' | wc -l)
[ "$same" -eq "$(wc -l < "$today")" ]
result $? "-m with the saved clusters gives each fitted ticket its cluster ($same of $(wc -l < "$today"))"

size=$(wc -c < "$tmp/today.tkc")
bad=0
for at in 1 20 100 1000 $((size / 2)) $((size - 30)) $((size - 1)); do
	head -c "$at" "$tmp/today.tkc" > "$tmp/cut.tkc"
	"$bin/tk-cluster" -m "$tmp/cut.tkc" < /dev/null > /dev/null 2> "$tmp/err"
	if [ $? != 2 ] || ! grep -q "^tk-cluster: $tmp/cut.tkc: " "$tmp/err"; then
		bad=$((bad + 1))
		echo "cut at $at: $(cat "$tmp/err")" >> "$tmp/why"
	fi
done
result $bad "a clusters file cut anywhere is refused with a message"
tap_done

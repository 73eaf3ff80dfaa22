#!/bin/sh
# tk-cluster on the bundled sample day: the incident comes out as a
# cluster of its own, named by its error code; the same seed gives the
# same clusters; saved clusters assign the tickets they were fitted on to
# the clusters and scores the fit gave them; a clusters file cut anywhere
# is refused.
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
same=$(paste -d '\n' "$tmp/fit.jsonl" "$tmp/assign.jsonl" |
	sed 's/.*"cluster":{"id":"\([^"]*\)","score":\([0-9.]*\).*/\1 \2/' |
	paste - - | awk '$1 == $3 && $2 - $4 < 0.00015 && $4 - $2 < 0.00015' | wc -l)
[ "$same" -eq "$(wc -l < "$today")" ]
result $? "-m with the saved clusters gives each fitted ticket its cluster, its score within a unit ($same of $(wc -l < "$today"))"

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

# Shards by key: the e-mails and the rest fitted apart, then merged.
grep '"channel":"email"' "$today" > "$tmp/email.jsonl"
grep -v '"channel":"email"' "$today" > "$tmp/other.jsonl"
"$bin/tk-cluster" -s "$tmp/email.tkc" "$tmp/email.jsonl" > "$tmp/email.fit" &&
	"$bin/tk-cluster" -s "$tmp/other.tkc" "$tmp/other.jsonl" > "$tmp/other.fit" &&
	"$bin/tk-cluster" --merge -s "$tmp/merged.tkc" "$tmp/email.tkc" "$tmp/other.tkc" 2> "$tmp/why"
result $? "--merge: the clusters of two shards merge into one file"
"$bin/tk-cluster" --merge -s "$tmp/merged2.tkc" "$tmp/email.tkc" "$tmp/other.tkc" &&
	cmp "$tmp/merged.tkc" "$tmp/merged2.tkc" > "$tmp/why"
result $? "--merge: the same shards give the same file"
ka=$(sed 's/.*"cluster":{"id":"\([^"]*\)".*/\1/' "$tmp/email.fit" | sort -u | wc -l)
kb=$(sed 's/.*"cluster":{"id":"\([^"]*\)".*/\1/' "$tmp/other.fit" | sort -u | wc -l)
"$bin/tk-cluster" -m "$tmp/merged.tkc" --new-threshold 0 "$today" > "$tmp/merged.jsonl"
k=$(sed 's/.*"cluster":{"id":"\([^"]*\)".*/\1/' "$tmp/merged.jsonl" | sort -u | wc -l)
[ "$k" -le $((ka + kb)) ] && [ "$k" -gt "$ka" ] && [ "$k" -gt "$kb" ]
result $? "--merge: the merged file has the clusters of both shards ($ka + $kb; $k used by the day)"
# Each shard's tickets keep their cluster (known by its terms) in the merged file, most of them.
terms() { sed 's/.*"cluster":{[^}]*"terms":\(\[[^]]*\]\).*/\1/' "$1"; }
"$bin/tk-cluster" -m "$tmp/merged.tkc" --new-threshold 0 "$tmp/email.jsonl" > "$tmp/email.m" &&
	"$bin/tk-cluster" -m "$tmp/merged.tkc" --new-threshold 0 "$tmp/other.jsonl" > "$tmp/other.m"
kept=$(for s in email other; do terms "$tmp/$s.m" > "$tmp/$s.m.t"; terms "$tmp/$s.fit" | paste -d '|' - "$tmp/$s.m.t"; done |
	awk -F '|' '$1 == $2' | wc -l)
[ $((kept * 10)) -ge $(($(wc -l < "$today") * 8)) ]
result $? "--merge: $kept of the $(wc -l < "$today") tickets keep their shard's cluster in the merged file"
# One shard merged alone: df and idf come back as they were, and so do the assignments.
"$bin/tk-cluster" --merge -s "$tmp/alone.tkc" "$tmp/email.tkc" &&
	"$bin/tk-cluster" -m "$tmp/alone.tkc" "$tmp/email.jsonl" > "$tmp/alone.jsonl" &&
	"$bin/tk-cluster" -m "$tmp/email.tkc" "$tmp/email.jsonl" > "$tmp/orig.jsonl" &&
	cmp "$tmp/alone.jsonl" "$tmp/orig.jsonl" > "$tmp/why"
result $? "--merge of one file assigns as the file itself"
"$bin/tk-cluster" --merge -s "$tmp/x.tkc" "$tmp/email.tkc" "$tmp/cut.tkc" > /dev/null 2> "$tmp/err"
[ $? = 2 ] && grep -q "^tk-cluster: $tmp/cut.tkc: " "$tmp/err" && [ ! -e "$tmp/x.tkc" ]
result $? "--merge: a damaged file is named, and nothing is written"
"$bin/tk-cluster" --merge "$tmp/email.tkc" > /dev/null 2> "$tmp/err"
[ $? = 2 ] && grep -q "needs -s" "$tmp/err"
result $? "--merge without -s is a usage error"
# -j: threads give what one thread gives - the same lines, reports and status - on
# batches of 4,096 lines with bad lines at their edges, a blank line, an earlier
# tool's error object and an operand that cannot be read between two that can.
awk -v today="$today" 'BEGIN {
	while ((getline l < today) > 0) t[n++] = l
	for (i = 1; i <= 10100; i++) {
		if (i == 3 || i == 4096 || i == 4097 || i == 8192 || i == 10000) print "not json"
		else if (i == 5000) print "[1]"
		else if (i == 6000) print "{\"id\":\"no text\",\"text\":7}"
		else if (i == 7000) print ""
		else if (i == 7001) print "{\"error\":\"earlier\",\"file\":\"a\",\"line\":1,\"raw\":\"\"}"
		else print t[i % n]
	}
}' > "$tmp/mixed.jsonl"
head -n 5000 "$tmp/mixed.jsonl" > "$tmp/mixed-a.jsonl"
tail -n +5001 "$tmp/mixed.jsonl" > "$tmp/mixed-b.jsonl"
bad=0
for policy in pass skip fail; do
	for j in 1 3; do
		"$bin/tk-cluster" -j $j --on-error=$policy -m "$tmp/today.tkc" "$tmp/mixed-a.jsonl" \
			"$tmp/missing.jsonl" "$tmp/mixed-b.jsonl" > "$tmp/j$j.out" 2> "$tmp/j$j.err"
		echo $? > "$tmp/j$j.status"
	done
	for f in out err status; do
		cmp "$tmp/j1.$f" "$tmp/j3.$f" >> "$tmp/why" 2>&1 || bad=$((bad + 1))
	done
done
[ "$bad" = 0 ] && [ "$(grep -c . "$tmp/mixed.jsonl")" -gt 10000 ]
result $? "-j 3 writes, reports and exits as -j 1, with --on-error pass, skip and fail ($bad differ)"
tap_done

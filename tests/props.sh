#!/bin/sh
# Property checks of every per-ticket tool on the bundled sample tickets
# mixed with bad lines (CONTRACT.md sections 1, 4, 5): one line out per line
# in, order and unknown keys kept, idempotent; plus the cases golden files
# cannot hold: a 2.5 MB line, a full disk, a closed pipe.  Prints TAP.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
bin=${TK_BIN:-$top/bin}
. "$top/tests/tap.sh"

# The input: sample tickets, with bad lines, blank lines and an upstream error object among them.
{
	head -n 400 "$top/testdata/sample/history.jsonl"
	printf 'not json\n[1,2]\n\n{"error":"x","file":"f","line":3,"raw":"[1]"}\n'
	printf '{"id":"big","text":"x","n":123456789012345678901234567890,"f":1.50e+3}\n'
	printf '{"id":"odd","text":"t\\u00e9st \\ud83d\\ude00"}\n{"text":"\377"}\n'
	cat "$top/testdata/sample/today.jsonl"
} > "$tmp/in.jsonl"

# tool | the keys it owns | extra options | keys it may change (tk-propcheck -c)
while IFS='|' read -r tool keys opts changes; do
	[ -x "$bin/$tool" ] || continue
	"$bin/$tool" $opts -q "$tmp/in.jsonl" > "$tmp/out1" 2> /dev/null
	check "$tool $opts: one line out per line in, keys and order kept" \
		"$top/tests/tk-propcheck" $changes "$tmp/in.jsonl" "$tmp/out1" $keys
	"$bin/$tool" $opts -q "$tmp/out1" > "$tmp/out2" 2> /dev/null
	check "$tool $opts: idempotent (its own output comes back unchanged)" cmp "$tmp/out1" "$tmp/out2"
	"$bin/$tool" $opts -q "$top/testdata/sample/today.jsonl" > "$tmp/out3" 2> /dev/null
	"$bin/$tool" $opts -q < "$top/testdata/sample/today.jsonl" > "$tmp/out4" 2> /dev/null
	check "$tool $opts: standard input gives the same output as a file" cmp "$tmp/out3" "$tmp/out4"
done <<EOF2
tk-tokenize|tokens entities|
tk-tokenize|tokens entities|-a -p all -s english -n 2
tk-tokenize|tokens entities|-r|-c subject -c body -c text
tk-classify|class|-m $top/testdata/tk-train/model.out
tk-classify|triage|-m $top/testdata/tk-train/model.out --explain -k 2 -o triage
tk-sentiment|sentiment|
tk-route|route|--now 2026-11-16T12:00:00Z
tk-route|queue|--now 2026-11-16T12:00:00Z -o queue -c $top/testdata/tk-route/custom.json --assign $top/testdata/tk-route/roster.json
tk-cluster|cluster|-m $top/testdata/tk-cluster/clusters.tkc
tk-sentiment|mood|-m $top/testdata/tk-train/polarity.out -o mood --lexicon $top/testdata/tk-sentiment/custom.tsv
EOF2

# The checker itself must catch what it looks for.
printf '{"a":1,"b":2}\n{"a":1}\n[1]\n' > "$tmp/p-in"
for broken in '{"a":1,"b":2,"t":1}\n{"a":1,"t":1}\n' \
	'{"b":2,"a":1,"t":1}\n{"a":1,"t":1}\n{"error":"x","file":"-","line":3,"raw":"[1]"}\n' \
	'{"a":1,"b":3,"t":1}\n{"a":1,"t":1}\n{"error":"x","file":"-","line":3,"raw":"[1]"}\n' \
	'{"a":1,"t":1}\n{"a":1,"t":1}\n{"error":"x","file":"-","line":3,"raw":"[1]"}\n' \
	'{"a":1,"b":2,"t":1,"u":1}\n{"a":1,"t":1}\n{"error":"x","file":"-","line":3,"raw":"[1]"}\n' \
	'{"a":1,"b":2,"t":1}\n{"a":1,"t":1}\n{"error":"x","file":"-","line":9,"raw":"[1]"}\n'; do
	printf "$broken" > "$tmp/p-out"
	check "tk-propcheck catches: $(printf "$broken" | tr '\n' ' ' | cut -c 1-60)" \
		sh -c '! "$1/tests/tk-propcheck" "$2/p-in" "$2/p-out" t 2>/dev/null' sh "$top" "$tmp"
done
printf '{"a":1,"b":2,"t":1}\n{"a":1,"t":1}\n{"error":"x","file":"-","line":3,"raw":"[1]"}\n' > "$tmp/p-out"
check "tk-propcheck passes a good output" "$top/tests/tk-propcheck" "$tmp/p-in" "$tmp/p-out" t

# A ticket of 2.5 MB on one line (far beyond any buffer), between two small ones
# (make hardening feeds every tool lines of 100 MB).
awk 'BEGIN {
	print "{\"id\":1,\"text\":\"small\"}"
	w = "word e-mail ORD-123456 ana@example.com "; s = w
	while (length(s) < 2000000) s = s s
	print "{\"id\":2,\"text\":\"" s "\"}"
	print "{\"id\":3,\"text\":\"small again\"}"
}' > "$tmp/big.jsonl"
"$bin/tk-tokenize" "$tmp/big.jsonl" > "$tmp/big.out" 2> "$tmp/why"
echo $? > "$tmp/status"
check "tk-tokenize: a 2.5 MB line is processed (status 0, 3 lines out)" \
	sh -c '[ "$(cat "$1/status")" = 0 ] && [ "$(wc -l < "$1/big.out")" -eq 3 ] &&
		tail -n 1 "$1/big.out" | grep -q "\"tokens\":\\[\"small\",\"again\"\\]"' sh "$tmp"

# A full disk: a message and status 2.
"$bin/tk-tokenize" "$tmp/in.jsonl" > /dev/full 2> "$tmp/err"
echo $? > "$tmp/status"
check "tk-tokenize: writing to a full disk says so and exits 2" \
	sh -c '[ "$(cat "$1/status")" = 2 ] && grep -q "^tk-tokenize: write error: No space left on device$" "$1/err"' sh "$tmp"

# A closed pipe ends the tool quietly.
for i in 1 2 3 4 5 6 7 8; do cat "$tmp/in.jsonl"; done > "$tmp/more.jsonl"
"$bin/tk-tokenize" "$tmp/more.jsonl" 2> "$tmp/err" | head -n 1 > /dev/null
check "tk-tokenize: a closed pipe ends it quietly" sh -c '[ ! -s "$1/err" ]' sh "$tmp"

tap_done

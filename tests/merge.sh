#!/bin/sh
# tk-train --merge (make integration): models trained on shards of the
# sample history merge into one that labels as well, whatever the order of
# the shards, byte for byte; the merged model updates and classifies; a
# second round (each shard updates the merged model, merged again) labels
# as well; models of other settings are not merged.  Prints TAP.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
bin=${TK_BIN:-$top/bin}
. "$top/tests/tap.sh"

need_jq "tk-train --merge"

hist=$top/testdata/sample/history.jsonl
head -n 2900 "$hist" > "$tmp/h-train"
tail -n +2901 "$hist" > "$tmp/h-test"

# --merge: two models trained on shards of the same tickets make one that
# labels as well, whatever the order of the shards, byte for byte.
awk 'NR % 2 == 1' "$tmp/h-train" > "$tmp/shard1"
awk 'NR % 2 == 0' "$tmp/h-train" > "$tmp/shard2"
"$bin/tk-train" -q -l team -j 1 -o "$tmp/shard1.model" "$tmp/shard1" &
"$bin/tk-train" -q -l team -j 1 -o "$tmp/shard2.model" "$tmp/shard2"
wait
"$bin/tk-train" --merge -o "$tmp/merged.model" "$tmp/shard1.model" "$tmp/shard2.model" \
		2> "$tmp/summary"
result $? "tk-train --merge of two models trained on halves of 2,900 sample tickets"
grep -Eq '^tk-train: wrote .*merged\.model: 2900 tickets, 7 labels, [0-9]+ features, merged from 2 models; none held out, calibration merged from the models; [0-9.]+ s$' \
	"$tmp/summary"
result $? "tk-train --merge prints a summary line: $(cat "$tmp/summary")"
# (a second run, so this also shows a merge is deterministic)
"$bin/tk-train" -q --merge -o "$tmp/merged21.model" "$tmp/shard2.model" "$tmp/shard1.model" &&
	cmp "$tmp/merged.model" "$tmp/merged21.model" > "$tmp/why" 2>&1
result $? "merging again, in the other order, gives the same bytes"
acc=$("$bin/tk-classify" -m "$tmp/merged.model" "$tmp/h-test" | "$bin/tk-eval" -l team | jq .accuracy)
awk -v a="$acc" 'BEGIN { exit !(a ~ /^[0-9.]+$/ && a + 0 >= 0.9) }'
result $? "the merged model's team accuracy on the last 324 sample tickets is at least 0.9 (got $acc)"
"$bin/tk-train" -q -l team --update "$tmp/merged.model" -o "$tmp/merged-up.model" "$tmp/h-test" &&
	"$bin/tk-classify" -m "$tmp/merged-up.model" "$tmp/h-test" > "$tmp/up.out" &&
	[ "$(wc -l < "$tmp/up.out")" -eq 324 ]
result $? "tk-train --update takes the merged model, and tk-classify the result"
# A second round: each shard updates the merged model, and the updates merge again.
"$bin/tk-train" -q -l team -j 1 --update "$tmp/merged.model" -o "$tmp/r2-1.model" "$tmp/shard1" &
"$bin/tk-train" -q -l team -j 1 --update "$tmp/merged.model" -o "$tmp/r2-2.model" "$tmp/shard2"
wait
acc=$("$bin/tk-train" -q --merge -o "$tmp/r2.model" "$tmp/r2-1.model" "$tmp/r2-2.model" &&
	"$bin/tk-classify" -m "$tmp/r2.model" "$tmp/h-test" | "$bin/tk-eval" -l team | jq .accuracy)
awk -v a="$acc" 'BEGIN { exit !(a ~ /^[0-9.]+$/ && a + 0 >= 0.9) }'
result $? "a second round (each shard updates the merged model, merged again): accuracy at least 0.9 (got $acc)"
"$bin/tk-train" -q -l team -j 1 --word-ngrams 2 -o "$tmp/other.model" "$tmp/shard2" &&
	! "$bin/tk-train" -q --merge -o "$tmp/never.model" "$tmp/shard1.model" "$tmp/other.model" \
		2> "$tmp/why" && [ ! -e "$tmp/never.model" ]
result $? "models of other settings are not merged, and nothing is written"

tap_done

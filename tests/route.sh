#!/bin/sh
# tk-route on the bundled sample day, through the real pipeline: a team
# model learnt from history labels today's tickets, tk-sentiment reads
# them, and tk-route --sort with the built-in routing must put the
# incident (every ticket naming E-4012), the four VIP tickets the sample
# plants, every other enterprise ticket it finds upset or blocked, and
# every security report above all other tickets.  Also: the routing file
# --print-config writes, used as a file, routes as the built-in one does.
# Prints TAP.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
bin=${TK_BIN:-$top/bin}
sample=$top/testdata/sample
. "$top/tests/tap.sh"

"$bin/tk-train" -q -l team -o "$tmp/team.model" "$sample/history.jsonl" &&
	"$bin/tk-classify" -m "$tmp/team.model" "$sample/today.jsonl" | "$bin/tk-sentiment" |
	"$bin/tk-route" --sort --now 2026-11-16T12:00:00Z > "$tmp/sorted.jsonl"
result $? "the sample day goes through tk-train, tk-classify, tk-sentiment and tk-route --sort"

# rank<TAB>group<TAB>id for every ticket, the group "top" for those that must lead.
awk '{
	id = $0; sub(/^\{"id":"/, "", id); sub(/".*/, "", id)
	top = /E-4012/ || id ~ /^T-1033(52|72|75)$/ || id == "T-103284" || /"route":\{"queue":"security"/ ||
		/"priority \+[0-9.]+: VIP customer upset or blocked/
	print NR "\t" (top ? "top" : "rest") "\t" id
}' "$tmp/sorted.jsonl" > "$tmp/ranks"
lines=$(wc -l < "$tmp/ranks")
[ "$lines" -eq "$(wc -l < "$sample/today.jsonl")" ]
result $? "every sample ticket is routed ($lines lines)"
ntop=$(grep -c '	top	' "$tmp/ranks")
awk -F '\t' -v ntop="$ntop" '$2 == "top" && $1 > ntop { print "ranked " $1 ": " $3; bad = 1 } END { exit bad }' \
	"$tmp/ranks" > "$tmp/why"
result $? "the incident, the VIP tickets and the security reports are the top $ntop of --sort"
for id in T-103284 T-103352 T-103372 T-103375; do
	grep -q "\"id\":\"$id\".*\"route\":{[^}]*\"escalate\":true" "$tmp/sorted.jsonl"
	result $? "VIP ticket $id is escalated"
done
[ "$(grep -c 'E-4012' "$tmp/sorted.jsonl")" -eq 70 ]
result $? "the 70 incident tickets are all there"

"$bin/tk-route" --print-config > "$tmp/routes.json" &&
	"$bin/tk-route" -c "$tmp/routes.json" --now 2026-11-16T12:00:00Z "$tmp/sorted.jsonl" > "$tmp/a" &&
	"$bin/tk-route" --now 2026-11-16T12:00:00Z "$tmp/sorted.jsonl" > "$tmp/b" && cmp "$tmp/a" "$tmp/b" > "$tmp/why"
result $? "--print-config writes a routing file that routes as the built-in one does"
tap_done

#!/bin/sh
# make demo: the main job on the bundled sample tickets.  Today's new
# tickets are redacted and tokenized, and what they mention is compared
# with the six weeks of history - the incident of the day stands out,
# and tk-anomaly raises its alert.
# Then a model learns from history which team handles what, is checked
# on history it did not see, and labels today's tickets; tk-sentiment
# finds the angry, the blocked and those about to leave; tk-route puts
# the day in a queue, with reasons.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
PATH=$top/bin:$PATH
sample=$top/testdata/sample
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tk-demo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Count entity values over tk-tokenize's output: kind<TAB>value<TAB>count, most frequent first.
entities() {
	awk '{
		i = index($0, "\"entities\":{")
		if (!i) next
		s = substr($0, i + 12)
		while (match(s, /^"[a-z0-9_]+":\[/)) {
			kind = substr(s, 2, RLENGTH - 4); s = substr(s, RLENGTH + 1)
			while (match(s, /^"([^"\\]|\\.)*"/)) {
				n[kind "\t" substr(s, 2, RLENGTH - 2)]++
				s = substr(s, RLENGTH + 1); sub(/^,/, "", s)
			}
			sub(/^\],?/, "", s)
		}
	}
	END { for (k in n) print k "\t" n[k] }' "$1" | sort -t "$(printf '\t')" -k3,3nr -k1,1 -k2,2
}

# Print the top values of some kinds side by side with their share of tickets.
report() {
	for kind in error_code version; do
		awk -F '\t' -v kind="$kind" -v total="$2" '
			$1 == kind && shown < 3 { printf "    %-11s %-24s %4d tickets (%4.1f%%)\n", kind, $2, $3, 100 * $3 / total; shown++ }' "$1"
	done
}

# An awk function for the summaries: field("name") is the value of the first
# "name" in the line (a string without quotes, a number, or an array of strings).
field_awk='
function field(name,    m) {
	if (match($0, "\"" name "\":(\"[^\"]*\"|[-0-9.]+|\\[[^]]*\\])")) {
		m = substr($0, RSTART + length(name) + 3, RLENGTH - length(name) - 3)
		gsub(/"/, "", m)
		return m
	}
	return ""
}'

history=$(wc -l < "$sample/history.jsonl")
today=$(wc -l < "$sample/today.jsonl")
echo "ticketkit demo on the bundled sample tickets (testdata/sample)"
echo "  history: $history tickets over six weeks; today: $today new tickets"
echo
# Customer numbers (C-1234) look like error codes; a kind of the team's own claims them first.
printf 'customer_id\t\\bC-\\d{4}\\b\n' > "$tmp/kinds.tsv"
echo "1. Redact personal data and tokenize today's tickets, with one entity kind of our own:"
printf '%s\n' "   \$ printf 'customer_id\\t\\\\bC-\\\\d{4}\\\\b\\n' > kinds.tsv"
echo "   \$ tk-tokenize --redact -e kinds.tsv today.jsonl > today.tok.jsonl"
tk-tokenize --redact -e "$tmp/kinds.tsv" "$sample/today.jsonl" > "$tmp/today.jsonl" 2> "$tmp/err"
sed 's/^/   /' "$tmp/err"
echo
echo "   A ticket before and after:"
id=$(grep -m 1 '\[PHONE\].*\[EMAIL\]\|\[EMAIL\].*\[PHONE\]' "$tmp/today.jsonl" | cut -d '"' -f 4)
# Show the part of ticket $id that matches an extended regular expression.
show() {
	grep -m 1 "\"id\":\"$id\"" "$1" | grep -oE "$2" | cut -c 1-170 | sed "s/^/   $3/"
}
show "$sample/today.jsonl" '"body":"([^"\\]|\\.)*"' "before: "
show "$tmp/today.jsonl" '"body":"([^"\\]|\\.)*"' "after:  "
show "$tmp/today.jsonl" '"tokens":\[[^]]*\]' ""
show "$tmp/today.jsonl" '"entities":\{.*\}' ""
echo
echo "2. What the tickets mention (entities found by tk-tokenize), today against history:"
tk-tokenize -q -e "$tmp/kinds.tsv" "$sample/history.jsonl" > "$tmp/history.jsonl"
entities "$tmp/today.jsonl" > "$tmp/today.ent"
entities "$tmp/history.jsonl" > "$tmp/history.ent"
echo "  today ($today tickets):"
report "$tmp/today.ent" "$today"
echo "  history ($history tickets):"
report "$tmp/history.ent" "$history"
echo
echo "Today an error code and a version that history never mentions reach many tickets:"
echo "the incident of the day."
echo
echo "3. Catch it as it happens: tk-anomaly learns the week's rhythm of ticket volume from"
echo "   history and raises an alert, with the evidence a bug report needs, as soon as an"
echo "   hour closes far above it:"
echo "   \$ tk-anomaly history.jsonl today.jsonl"
tk-anomaly "$sample/history.jsonl" "$sample/today.jsonl" > "$tmp/alerts.jsonl"
awk "$field_awk"'
{
	printf "   %s alert, %s to %s: %s tickets where %s were expected, from %s customers\n",
		field("severity"), field("start"), field("end"), field("observed"), field("expected"), field("customers")
	printf "   terms: %s\n   examples: %s\n", field("terms"), field("examples")
}' "$tmp/alerts.jsonl"
alerts=$(wc -l < "$tmp/alerts.jsonl")
echo "   Alerts over the six weeks of history and the day: $alerts."
echo
echo "4. Learn which team handled which ticket, and check the model on tickets it has not seen:"
head -n 2900 "$sample/history.jsonl" > "$tmp/train.jsonl"
tail -n +2901 "$sample/history.jsonl" > "$tmp/check.jsonl"
echo "   \$ tk-train -l team -o team.model train.jsonl     # the first 2,900 tickets"
tk-train -l team -o "$tmp/team.model" "$tmp/train.jsonl" 2>&1 | sed "s|$tmp/||; s/^/   /"
echo "   \$ tk-classify -m team.model check.jsonl | tk-eval -l team --format text   # the last $((history - 2900))"
tk-classify -m "$tmp/team.model" "$tmp/check.jsonl" | tk-eval -l team --format text > "$tmp/eval.txt"
sed -n '1,/^$/p' "$tmp/eval.txt" | sed '/^$/d; s/^/   /'
echo
echo "5. Label today's tickets (tk-classify reads the tokens tk-tokenize added):"
echo "   \$ tk-classify -m team.model today.tok.jsonl > today.class.jsonl"
tk-classify -m "$tmp/team.model" "$tmp/today.jsonl" > "$tmp/today.class.jsonl"
grep -o '"class":{"label":"[^"]*"' "$tmp/today.class.jsonl" | cut -d '"' -f 6 | sort | uniq -c |
	sort -k1,1nr -k2 | awk '{ printf "   %4d  %s\n", $1, $2 }'
escalated=$(grep -c '"escalate":true' "$tmp/today.class.jsonl" || true)
incident=$(grep '"escalate":true' "$tmp/today.class.jsonl" | grep -c 'E-4012' || true)
echo "   $escalated of $today tickets are below the confidence to route on their own (escalate: true);"
echo "   $incident of those mention today's new error E-4012: what the model has not seen, it hands to a person."
echo
echo "6. Who is angry, who is blocked, who may leave (tk-sentiment), most pressing first:"
echo "   \$ tk-sentiment today.class.jsonl > today.sent.jsonl"
tk-sentiment "$tmp/today.class.jsonl" > "$tmp/today.sent.jsonl"
# id, tier, frustration, urgency, churn risk and subject of each ticket, by the highest of the three.
awk "$field_awk"'
{
	f = field("frustration"); u = field("urgency"); c = field("churn_risk")
	top = f; if (u > top) top = u; if (c > top) top = c
	printf "%.4f\t%s\t%s\t%.2f\t%.2f\t%.2f\t%s\n", top, field("id"), field("tier"), f, u, c,
		substr(field("subject"), 1, 38)
}' "$tmp/today.sent.jsonl" | sort -t "$(printf '\t')" -k1,1gr -k2,2 | head -n 6 |
	awk -F '\t' 'BEGIN { printf "   %-8s %-10s %5s %5s %5s  %s\n", "ticket", "tier", "frus", "urg", "churn", "subject" }
		{ printf "   %-8s %-10s %5s %5s %5s  %s\n", $2, $3, $4, $5, $6, $7 }'
echo
echo "7. Route the day (tk-route, built-in routing): a queue, a priority and an escalation per"
echo "   ticket, with the reasons; --sort puts the queue in order, as of noon on the day:"
echo "   \$ tk-route --sort --now 2026-11-16T12:00:00Z today.sent.jsonl > queue.jsonl"
tk-route --sort --now 2026-11-16T12:00:00Z "$tmp/today.sent.jsonl" > "$tmp/queue.jsonl"
# The value of a key in a line (the first one: "id", "tier" and "subject" come before "route").
awk '
function field(name, from,    s, m) {
	s = substr($0, from)
	if (match(s, "\"" name "\":(\"([^\"\\\\]|\\\\.)*\"|[-0-9.a-z]+)")) {
		m = substr(s, RSTART + length(name) + 3, RLENGTH - length(name) - 3)
		if (m ~ /^"/) { m = substr(m, 2, length(m) - 2); gsub(/\\"/, "\"", m) }
		return m
	}
	return ""
}
{
	r = index($0, "\"route\":{")
	printf "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", NR, field("id", 1), field("queue", r), field("priority", r),
		field("escalate", r) == "true" ? "yes" : "", field("tier", 1), substr(field("subject", 1), 1, 40)
}' "$tmp/queue.jsonl" > "$tmp/queue.tsv"
head -n 8 "$tmp/queue.tsv" |
	awk -F '\t' 'BEGIN { printf "   %4s %-8s %-13s %5s %-4s %-10s %s\n", "rank", "ticket", "queue", "prio", "esc", "tier", "subject" }
		{ printf "   %4s %-8s %-13s %5s %-4s %-10s %s\n", $1, $2, $3, $4, $5, $6, $7 }'
echo "   ..."
first_other=$(grep -v 'E-4012' "$tmp/queue.jsonl" | grep -v '"queue":"security"' | grep -v 'VIP customer' | head -n 1 | cut -d '"' -f 4)
rank=$(awk -F '\t' -v id="$first_other" '$2 == id { print $1 }' "$tmp/queue.tsv")
echo "   The first $((rank - 1)) are the $(grep -c 'E-4012' "$tmp/queue.jsonl") incident tickets (a surge of E-4012), the enterprise"
echo "   customers who are upset or blocked, and the security reports; then the rest, from rank $rank:"
awk -F '\t' -v rank="$rank" '$1 >= rank && $1 < rank + 3 { printf "   %4s %-8s %-13s %5s %-4s %-10s %s\n", $1, $2, $3, $4, $5, $6, $7 }' "$tmp/queue.tsv"
echo
id=$(head -n 1 "$tmp/queue.tsv" | cut -f 2)
echo "   Why $id is first:"
grep -m 1 "\"id\":\"$id\"" "$tmp/queue.jsonl" | grep -o '"reasons":\[.*\]' | sed 's/^"reasons":\[//; s/\]$//' |
	awk '{ n = split($0, r, /","/); for (i = 1; i <= n; i++) { gsub(/^"|"$/, "", r[i]); print "     - " r[i] } }'
echo
echo "   Tickets per queue, and how many a person must look at first (escalate):"
cut -f 3,5 "$tmp/queue.tsv" | sort | uniq -c | awk '{ n[$2] += $1; if ($3 == "yes") e[$2] += $1 }
	END { for (q in n) printf "   %-13s %4d %4d\n", q, n[q], e[q] }' | sort -k2,2nr -k1,1
echo
echo "8. Group the day into issue clusters named by their words (tk-cluster --summary):"
echo "   \$ tk-cluster --summary today.tok.jsonl"
tk-cluster --summary "$tmp/today.jsonl" > "$tmp/summary.jsonl"
# One row per cluster: id, size, share, first and last seen (hh:mm) and the terms.
awk "$field_awk"'
BEGIN { printf "   %-7s %4s %6s  %-11s  %s\n", "cluster", "size", "share", "seen (UTC)", "terms" }
NR <= 6 {
	terms = field("terms"); gsub(/^\[|\]$/, "", terms); gsub(/,/, ", ", terms)
	printf "   %-7s %4s %5.1f%%  %s-%s  %s\n", field("cluster"), field("size"), 100 * field("share"),
		substr(field("first_seen"), 12, 5), substr(field("last_seen"), 12, 5), terms
}' "$tmp/summary.jsonl"
echo "   ... $(wc -l < "$tmp/summary.jsonl") clusters in all."
grep '"e-4012"' "$tmp/summary.jsonl" | head -n 1 | awk "$field_awk"'
{
	printf "   %s is the incident: %s tickets between %s and %s, the rest are spread over the day.\n",
		field("cluster"), field("size"), substr(field("first_seen"), 12, 5), substr(field("last_seen"), 12, 5)
}'
echo
echo "   Clusters learnt from history, and today's tickets assigned to them as a stream: the"
echo "   ones that fit no cluster of the six weeks are new (cluster.id \"new\"):"
echo "   \$ tk-cluster -s history.clusters history.jsonl > /dev/null"
echo "   \$ tk-cluster -m history.clusters today.tok.jsonl"
tk-cluster -q -s "$tmp/history.clusters" "$tmp/history.jsonl" > /dev/null
tk-cluster -m "$tmp/history.clusters" "$tmp/today.jsonl" > "$tmp/assigned.jsonl"
new=$(grep -c '"cluster":{"id":"new"' "$tmp/assigned.jsonl" || true)
newinc=$(grep '"cluster":{"id":"new"' "$tmp/assigned.jsonl" | grep -c 'E-4012' || true)
echo "   $new of today's $today tickets are new; $newinc of them mention E-4012, the incident."

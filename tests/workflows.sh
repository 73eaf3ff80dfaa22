#!/bin/sh
# The support-ops workflows as they are documented: the scripts of
# man/tk-workflows.7 (each after a '.\" script: NAME' line) and the recipes
# of README.md (each after a '<!-- recipe: NAME -->' line), taken out of the
# documents, un-escaped and run on the sample tickets and on the exports of
# testdata/exports.  Prints TAP.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/tap.sh"
PATH=${TK_BIN:-$top/bin}:$PATH
export PATH
sample=$top/testdata/sample
exports=$top/testdata/exports
unset MODEL EXPORT HOLDOUT DAY LABEL CORRECTION STATE REPORTS NOW KEY LABELS ROUTES URGENT

need_jq "the workflows of tk-workflows(7) and README.md"

# The scripts of the man page, with mdoc's escapes undone in one pass:
# \e is a backslash, \(aq a quote, \& nothing.
mkdir "$tmp/scripts"
awk -v dir="$tmp/scripts" '
function unescape(s,    out, t) {
	out = ""
	while (match(s, /\\(e|&|\(aq)/)) {
		t = substr(s, RSTART, RLENGTH)
		out = out substr(s, 1, RSTART - 1) (t == "\\e" ? "\\" : t == "\\&" ? "" : "\047")
		s = substr(s, RSTART + RLENGTH)
	}
	return out s
}
/^\.\\" script: / { name = $3; next }
name != "" && /^\.Bd -literal/ { file = dir "/" name; lit = 1; printf "" > file; next }
lit && /^\.Ed/ { lit = 0; close(file); name = ""; next }
lit { print unescape($0) > file }' "$top/man/tk-workflows.7"
# (tests/install.sh checks that make install puts tk-workflows(7) in place.)
for name in nightly-retrain anomaly-cron ticket-hook; do
	[ -s "$tmp/scripts/$name" ] && sh -n "$tmp/scripts/$name" 2> "$tmp/why"
	result $? "tk-workflows(7) has the script $name, and it parses"
done

# Succeed when directory $1 holds exactly the files named after it.
only() {
	dir=$1
	shift
	(cd "$dir" && ls -A) > "$tmp/ls.got"
	printf '%s\n' "$@" | sed '/^$/d' > "$tmp/ls.want"
	diff "$tmp/ls.want" "$tmp/ls.got" >> "$tmp/why"
}

# nightly-retrain.  The live model learns the three weeks of history
# before Monday 9 November, but for every tenth ticket, the held-out set;
# the export is the history, where on the 9th some tickets closed in
# "triage" were moved by an agent to their team (reassigned_to).
jq -c 'select(.created_at >= "2026-10-19" and .created_at < "2026-11-09")' \
	"$sample/history.jsonl" > "$tmp/early.jsonl"
awk 'NR % 10 == 0' "$tmp/early.jsonl" > "$tmp/holdout.jsonl"
awk 'NR % 10 != 0' "$tmp/early.jsonl" | tk-train -q -l team -o "$tmp/live.model"
jq -c 'if (.created_at | startswith("2026-11-09")) and (.id | ltrimstr("T-") | tonumber) % 20 == 0
	then .reassigned_to = .team | .team = "triage" else . end' "$sample/history.jsonl" > "$tmp/export.jsonl"
jq -c 'if .created_at | startswith("2026-11-09") then .team = ({"billing": "accounts",
	"accounts": "tech-support", "tech-support": "platform", "platform": "logistics",
	"logistics": "security", "security": "success", "success": "billing"}[.team]) else . end' \
	"$sample/history.jsonl" > "$tmp/wrong.jsonl"
labels=$(sed -n 2p "$tmp/live.model" | jq -c .labels)
# Run nightly-retrain on a copy of the live model in a directory of its
# own, with a TMPDIR of its own; its status is the function's.
retrain_with_model() {
	dir=$tmp/retrain-$1
	mkdir "$dir" "$dir.tmp"
	cp "$tmp/live.model" "$dir/team.model"
	(cd "$dir" && env TMPDIR="$dir.tmp" MODEL="$dir/team.model" EXPORT="$2" HOLDOUT="$tmp/holdout.jsonl" \
		DAY=2026-11-09 sh "$tmp/scripts/nightly-retrain") > "$dir.out" 2> "$dir.err"
}

# The two days that train run at once, to keep the suite fast.
retrain_with_model good "$tmp/export.jsonl" &
good=$!
retrain_with_model wrong "$tmp/wrong.jsonl" &
wrong=$!
wait $good
good=$?
wait $wrong
wrong=$?
status=$good
dir=$tmp/retrain-good
{ [ $status = 0 ] || { echo "status $status"; cat "$dir.err"; false; }; } > "$tmp/why" &&
	grep -q '^nightly-retrain: 132 tickets of 2026-11-09 (7 corrected): accuracy 0\.[0-9]* -> 0\.[0-9]*: model replaced$' \
		"$dir.err" 2>> "$tmp/why"
result $? "nightly-retrain: a good day replaces the model, exit 0, and says so ($(grep -o 'accuracy [0-9.]* -> [0-9.]*' "$dir.err"))"
! cmp -s "$tmp/live.model" "$dir/team.model"
result $? "nightly-retrain: the live model's checksum changed"
sed -n 2p "$dir/team.model" | jq -e --argjson old "$labels" '.labels == $old and .summary.updated' > "$tmp/why"
result $? "nightly-retrain: the new model learnt the agents' final labels, not 'triage' they corrected"
echo '{"id":1,"subject":"Parcel stuck in transit","body":"Tracking has not moved for a week."}' |
	tk-classify -m "$dir/team.model" | jq -e '.class.label == "logistics"' > "$tmp/why" 2>&1
result $? "nightly-retrain: tk-classify loads the new model"
only "$dir" team.model && only "$dir.tmp"
result $? "nightly-retrain: no candidate or temporary file is left after a replacement"

status=$wrong
dir=$tmp/retrain-wrong
{ [ $status = 1 ] || { echo "status $status"; cat "$dir.err"; false; }; } > "$tmp/why" &&
	grep -q '^nightly-retrain: 132 tickets of 2026-11-09 (0 corrected): accuracy \(0\.[0-9]*\) -> \(0\.[0-9]*\) is worse: model kept$' \
		"$dir.err" 2>> "$tmp/why"
result $? "nightly-retrain: a day of wrong labels is refused, exit 1, old and new accuracy said ($(grep -o 'accuracy [0-9.]* -> [0-9.]*' "$dir.err"))"
cmp "$tmp/live.model" "$dir/team.model" > "$tmp/why" 2>&1 && only "$dir" team.model && only "$dir.tmp"
result $? "nightly-retrain: refused, the live model is byte for byte as before, and nothing is left"

retrain_with_model missing "$tmp/no-such-export.jsonl"
status=$?
dir=$tmp/retrain-missing
{ [ $status = 2 ] && grep -q "^nightly-retrain: cannot read the export '.*no-such-export.jsonl'$" "$dir.err"; } ||
	{ echo "status $status"; cat "$dir.err"; false; } > "$tmp/why"
result $? "nightly-retrain: a missing export is an error, exit 2, with a message"
cmp "$tmp/live.model" "$dir/team.model" > "$tmp/why" 2>&1 && only "$dir" team.model && only "$dir.tmp"
result $? "nightly-retrain: after an error the live model is untouched, and nothing is left"

echo 'not json' > "$tmp/garbage.jsonl"
retrain_with_model garbage "$tmp/garbage.jsonl"
status=$?
dir=$tmp/retrain-garbage
[ $status = 2 ] && cmp -s "$tmp/live.model" "$dir/team.model" && only "$dir" team.model && only "$dir.tmp" ||
	{ echo "status $status"; cat "$dir.err"; false; } >> "$tmp/why"
result $? "nightly-retrain: an export that is not JSON Lines is an error, exit 2, model untouched"

# anomaly-cron.  History in one run, then the day in slices as cron runs
# would see them, each with the tickets created since the run before and
# NOW the time of the run.  One run of tk-anomaly over all of it finds
# the incident of the day: the slices must give that one alert, as one
# bug report, in the run at 11:00, when its window is over.
tk-anomaly -q "$sample/history.jsonl" "$sample/today.jsonl" > "$tmp/one.alerts"
[ "$(wc -l < "$tmp/one.alerts")" = 1 ] && grep -q '"start":"2026-11-16T10:00:00Z"' "$tmp/one.alerts"
result $? "one run of tk-anomaly over the sample finds the incident: one alert, 10:00 to 11:00"

cron=$tmp/cron
mkdir -p "$cron/reports" "$cron/tmp"
STATE=$cron/anomaly.state NOW=2026-11-16T00:00:00Z TMPDIR=$cron/tmp \
	sh "$tmp/scripts/anomaly-cron" "$sample/history.jsonl" > "$cron/history.out" 2> "$tmp/why"
status=$?
[ $status = 0 ] && [ ! -s "$cron/history.out" ] && [ -s "$cron/anomaly.state" ] ||
	{ echo "status $status"; false; } >> "$tmp/why"
result $? "anomaly-cron: six weeks of history, no alert, exit 0, the state file written"
prev=2026-11-16T00:00:00Z
statuses=
for at in 08:00 10:30 11:00 12:00 18:00 23:59; do
	now=2026-11-16T$at:00Z
	jq -c --arg from "$prev" --arg to "$now" 'select(.created_at >= $from and .created_at < $to)' \
		"$sample/today.jsonl" > "$cron/slice.jsonl"
	if [ $at = 11:00 ]; then
		# The run of the alert, once writing to stdout (from a copy of the state).
		cp "$cron/anomaly.state" "$cron/copy.state"
		STATE=$cron/copy.state NOW=$now TMPDIR=$cron/tmp sh "$tmp/scripts/anomaly-cron" \
			< "$cron/slice.jsonl" > "$cron/stdout.reports" 2>> "$cron/err"
		echo "stdout status $?" >> "$cron/err"
	fi
	STATE=$cron/anomaly.state NOW=$now REPORTS=$cron/reports TMPDIR=$cron/tmp \
		sh "$tmp/scripts/anomaly-cron" < "$cron/slice.jsonl" >> "$cron/out" 2>> "$cron/err"
	statuses="$statuses $at:$?"
	prev=$now
done
[ "$statuses" = " 08:00:0 10:30:0 11:00:1 12:00:0 18:00:0 23:59:0" ] ||
	{ echo "statuses:$statuses"; cat "$cron/err"; false; } > "$tmp/why"
result $? "anomaly-cron: six runs over the day, exit 1 in the run at 11:00 only, 0 in the others"
only "$cron/reports" all-2026-11-16T10_00_00Z.json && [ ! -s "$cron/out" ] && only "$cron/tmp"
result $? "anomaly-cron: exactly one bug report, in its own file, nothing on stdout, no temporary file left"
report=$cron/reports/all-2026-11-16T10_00_00Z.json
jq -e --slurpfile one "$tmp/one.alerts" '.alert == $one[0]' "$report" > "$tmp/why" 2>&1
result $? "anomaly-cron: the report's alert is the one a single run over all the tickets raises"
jq -e '(.title | test("spike.*critical")) and .labels == ["support-spike", "from-tickets", "severity:critical"]
	and (.body | contains("| window | 2026-11-16T10:00:00Z to 2026-11-16T11:00:00Z |")
		and contains("| observed | 69 |") and contains("| distinct customers | 63 |")
		and contains("`e-4012`") and contains("T-103311"))' "$report" > "$tmp/why" 2>&1
result $? "anomaly-cron: the report has a title, labels and a markdown body with the evidence"
[ "$(wc -l < "$cron/stdout.reports")" = 1 ] && jq -e --slurpfile r "$report" '. == $r[0]' "$cron/stdout.reports" > "$tmp/why" 2>&1 &&
	grep -q '^stdout status 1$' "$cron/err"
result $? "anomaly-cron: without REPORTS the same report is one line on stdout, exit 1"
[ "$(head -n 1 "$cron/anomaly.state")" = "ticketkit-anomaly-state 2" ] &&
	tk-anomaly --state "$cron/anomaly.state" --now 2026-11-17T00:00:00Z < /dev/null > "$tmp/why" 2>&1
result $? "anomaly-cron: the state file survives the runs, whole"
echo 'damaged' > "$cron/bad.state"
echo '{"id":1,"created_at":"2026-11-16T12:00:00Z","text":"x"}' |
	STATE=$cron/bad.state TMPDIR=$cron/tmp sh "$tmp/scripts/anomaly-cron" > "$cron/bad.out" 2> "$tmp/why"
[ $? = 2 ] && [ ! -s "$cron/bad.out" ] && grep -q 'not a tk-anomaly state file' "$tmp/why" &&
	[ "$(cat "$cron/bad.state")" = damaged ]
result $? "anomaly-cron: a state file that cannot be used is an error, exit 2, and is left as it was"

# ticket-hook: a webhook's ticket, pretty-printed, through the whole
# pipeline with the live model of nightly-retrain.
hook() {
	MODEL=$tmp/live.model NOW=2026-11-16T12:00:00Z TMPDIR=$tmp sh "$tmp/scripts/ticket-hook" \
		> "$tmp/hook.out" 2> "$tmp/hook.err"
	status=$?
}
hook <<'EOF'
{
  "id": "T-200001",
  "created_at": "2026-11-16T11:40:00Z",
  "channel": "web",
  "customer": {"id": "C-1234", "tier": "pro", "name": "Acme Ltd", "mrr": 87},
  "page": "/orders/ORD-512345",
  "subject": "Where is my order?",
  "body": "Hi,\n\nmy order ORD-512345 has not arrived yet, the tracking has not changed since Thursday. Could you check?\n\nThanks, Ana"
}
EOF
[ $status = 0 ] && [ "$(wc -l < "$tmp/hook.out")" = 1 ] && [ ! -s "$tmp/hook.err" ] &&
	jq -e '.id == "T-200001" and .queue == "logistics" and .escalate == false and .priority < 70
		and (.reasons | length > 0) and keys == ["escalate", "id", "priority", "queue", "reasons"]' \
		"$tmp/hook.out" > "$tmp/why" 2>&1 ||
	{ echo "status $status"; cat "$tmp/hook.out" "$tmp/hook.err"; false; } >> "$tmp/why"
result $? "ticket-hook: an ordinary ticket, pretty-printed, is routed to logistics: one line, exit 0"
hook <<'EOF'
{"id": "T-200002", "created_at": "2026-11-16T11:50:00Z", "channel": "email",
 "customer": {"id": "C-9616", "tier": "enterprise", "name": "Northwind Freight", "mrr": 12000},
 "subject": "PRODUCTION IS DOWN",
 "body": "This is the THIRD time I'm writing!!! Production is down for us, all our users are locked out. Fix it NOW or our lawyers will be in touch."}
EOF
[ $status = 3 ] && jq -e '.id == "T-200002" and .escalate and .priority >= 70' "$tmp/hook.out" > "$tmp/why" 2>&1 ||
	{ echo "status $status"; cat "$tmp/hook.out" "$tmp/hook.err"; false; } >> "$tmp/why"
result $? "ticket-hook: an angry enterprise customer whose production is down: escalated, urgent, exit 3"
printf '{"id": "T-200003",\n "subject": "Refund"\n' > "$tmp/hook.in"
hook < "$tmp/hook.in"
[ $status = 2 ] && [ ! -s "$tmp/hook.out" ] && grep -q '^ticket-hook: not a JSON ticket$' "$tmp/hook.err" &&
	[ "$(wc -l < "$tmp/hook.err")" -ge 2 ] ||
	{ echo "status $status"; cat "$tmp/hook.out" "$tmp/hook.err"; false; } > "$tmp/why"
result $? "ticket-hook: invalid JSON is refused, exit 2, with jq's message and its own"
echo '{"id": "T-200004", "channel": "web"}' > "$tmp/hook.in"
hook < "$tmp/hook.in"
[ $status = 2 ] && [ ! -s "$tmp/hook.out" ] && grep -q "^tk-tokenize: -:1: no text" "$tmp/hook.err" ||
	{ echo "status $status"; cat "$tmp/hook.out" "$tmp/hook.err"; false; } > "$tmp/why"
result $? "ticket-hook: a ticket without text is refused, exit 2, with tk-tokenize's message"

# The export recipes of README.md: the indented block after each marker.
awk -v dir="$tmp" '
/^<!-- recipe: [a-z-]+ -->$/ { name = $3; file = dir "/recipe-" name; printf "" > file; next }
name != "" && /^    / { print substr($0, 5) > file; code = 1; next }
name != "" && /^$/ { if (code) print "" > file; next }
name != "" { close(file); name = ""; code = 0 }' "$top/README.md"
: > "$tmp/all.jsonl"
recipe() {
	name=$1
	input=$2
	ids=$3
	dir=$tmp/export-$name
	mkdir -p "$dir"
	[ -s "$tmp/recipe-$name" ] || { echo "no recipe '$name' in README.md" > "$tmp/why"; result 1 "README.md recipe $name"; return; }
	cp "$exports/$input" "$dir/"
	(cd "$dir" && sh -eu "$tmp/recipe-$name") > "$tmp/why" 2>&1 &&
		[ "$(jq -r .id "$dir/tickets.jsonl" | tr '\n' ' ')" = "$ids" ] ||
	{ echo "ids: $(jq -r .id "$dir/tickets.jsonl" 2> /dev/null | tr '\n' ' ')"; false; } >> "$tmp/why"
	result $? "README.md recipe $name: $input becomes tickets $ids"
	# What the tools read: text for tk-tokenize, times for tk-anomaly.
	tk-tokenize "$dir/tickets.jsonl" > "$dir/tokens.jsonl" 2> "$tmp/why" &&
		! grep -q '^{"error"' "$dir/tokens.jsonl" &&
		tk-anomaly -q "$dir/tickets.jsonl" >> "$tmp/why" 2>&1 &&
		jq -e 'select((.customer | type) != "object" or (.created_at | type) != "string" or .subject == null)' \
			"$dir/tickets.jsonl" > "$tmp/bad" 2>> "$tmp/why"
	[ $? = 4 ] || { cat "$tmp/bad"; false; } >> "$tmp/why"
	result $? "README.md recipe $name: every ticket has a subject, a time and a customer, and the tools read them"
	cat "$dir/tickets.jsonl" >> "$tmp/all.jsonl"
}
if command -v mlr > /dev/null; then
	recipe csv helpdesk.csv "4101 4102 4103 4104 "
	jq -e 'select(.id == "4104") | .customer == {"id": "C-3377", "name": "Lumen Analytics", "tier": "enterprise"}
		and .created_at == "2026-11-16T10:31:57Z" and .tags == ["export"]
		and (.body | contains("C:\\Reports\\weekly.csv"))' "$tmp/export-csv/tickets.jsonl" > "$tmp/why" 2>&1
	result $? "README.md recipe csv: the customer is an object, the time RFC 3339, the tags an array"
else
	skip "README.md recipe csv" "mlr (Miller) not installed: apt-get install miller"
fi
recipe zendesk zendesk.json "35436 35437 35438 "
recipe freshdesk freshdesk.json "812 813 814 "
jq -e 'select(.id == 814) | .channel == "phone" and .status == "open" and .priority == "urgent"
	and .customer.tier == "enterprise"' "$tmp/export-freshdesk/tickets.jsonl" > "$tmp/why" 2>&1
result $? "README.md recipe freshdesk: numbers for channel, status and priority become their names"
recipe jira jira.json "SUP-231 SUP-232 SUP-233 "
jq -se 'map(.created_at) == ["2026-11-20T09:12:33.000+00:00", "2026-11-20T11:47:05.120+01:00", "2026-11-20T16:03:59.000-05:00"]
	and .[1].body == "The sales dashboard takes about 60 seconds to load since Monday.\nIt used to be instant. Can you look into it?"' \
	"$tmp/export-jira/tickets.jsonl" > "$tmp/why" 2>&1
result $? "README.md recipe jira: times get the offset's colon, a version 3 description becomes text"

# The analysis, on all the exports together.
dir=$tmp/export-analysis
mkdir -p "$dir"
cp "$tmp/all.jsonl" "$dir/tickets.jsonl"
if [ -s "$tmp/recipe-analysis" ]; then
	(cd "$dir" && sh -eu "$tmp/recipe-analysis") > "$dir.out" 2> "$tmp/why"
	status=$?
	clusters=$(grep -c '^{"size":' "$dir.out")
	[ $status = 0 ] && [ "$clusters" -ge 2 ] &&
		[ "$(grep -v '^{' "$dir.out" | wc -l)" = "$(sed -n '$=' "$dir/tickets.jsonl" | awk '{ print ($1 > 10 ? 10 : $1) }')" ] &&
		grep -v '^{' "$dir.out" | head -n 1 | awk -F '\t' '$2 == "security" && $3 == 814 { ok = 1 } END { exit !ok }' ||
	{ echo "status $status"; cat "$dir.out"; false; } >> "$tmp/why"
	result $? "README.md recipe analysis: $clusters clusters, the queue with the security report first"
else
	echo "no recipe 'analysis' in README.md" > "$tmp/why"
	result 1 "README.md recipe analysis"
fi

tap_done

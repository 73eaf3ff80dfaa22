#!/bin/sh
# Sentiment: tk-sentiment beside two lexicon peers, VADER and AFINN, on the
# four VADER ground-truth corpora of $BENCH_DATA/vader_groundtruth (tweets,
# amazon_reviews, movie_reviews, nyt_editorials; test.jsonl of each), and
# tk-sentiment's throughput against VADER's on 300,000 tickets.
#
# The peers, npm packages installed at run time into $BENCH_TMP (never
# committed), each run by a helper in this directory:
#   VADER  vader-sentiment, the JavaScript port of VADER (peer-vader.js):
#          SentimentIntensityAnalyzer.polarity_scores(text).compound.
#   AFINN  sentiment, the AFINN-165 word list (peer-afinn.js): its
#          "comparative" score, the sum of the word values (-5..5) over the
#          number of tokens, which is not bounded to [-1,1].
# node and npm are installed with apt-get (nodejs npm) when missing and we
# run as root; a peer that cannot be installed is skipped with a note.
# tk-sentiment runs with its default lexicon and no model.
#
# Accuracy, per corpus and tool (sentiment-score.py): Pearson r of the
# tool's score (tk-sentiment: sentiment.score) against the human rating
# score_norm in [-1,1], and the 3-class macro-F1 when both the score and
# score_norm are cut at +-0.05 (positive above 0.05, negative below -0.05,
# else neutral), F1 averaged over the three classes.
#
# Targets (issue 4):
#   1. on each corpus, tk's r at least VADER's and tk's macro-F1 at least
#      VADER's;
#   2. tk-sentiment's throughput on 300,000 tickets (it_ticket_assignment
#      train+test repeated, the file bench-classify.sh uses, built at run
#      time in $BENCH_TMP) at least 20 x VADER's: whole processes, each
#      reading the file and writing to /dev/null; the VADER side reads the
#      JSONL line by line, adds polarity_scores of the ticket's text to
#      each object and writes it with JSON.stringify (peer-vader.js
#      annotate).  tk: median of 3 runs; VADER, much slower: 1 run;
#   3. constant memory: tk-sentiment's peak RSS on a stream twice as long
#      (the file twice through a pipe) within 10% of that on the file.
# A missed target is reported, not an error; a tool that fails or whose
# output is not sane (one line per ticket, each with a sentiment score in
# [-1,1] and a label) is an error.
#
# The text of a ticket is subject + "\n" + body, else text, for every tool.
# Times are wall times from $BENCH_MEASURE; MB is 10^6 bytes.  tk-sentiment
# runs from a copy of bin/ taken at the start.
#
# Not a target, printed after them: the 5-fold check of tk-sentiment's
# learning on the train splits (sentiment-cv.sh), with VADER on the same
# texts.
#
# Run by tests/bench/run.sh, which sets the BENCH_* variables.

set -u

: "${BENCH_ROOT:?run me through tests/bench/run.sh}" "${BENCH_TMP:?}" "${BENCH_MEASURE:?}"
: "${BENCH_DATA:?}"

name="bench-sentiment"
bench=$BENCH_ROOT/tests/bench
bin=$BENCH_ROOT/bin
gt=$BENCH_DATA/vader_groundtruth
corpora="tweets amazon_reviews movie_reviews nyt_editorials"
# The data set of the throughput and memory runs, as in bench-classify.sh.
tput_set=it_ticket_assignment
tput_tickets=300000
big=$BENCH_TMP/it-300k.jsonl
bigtxt=$BENCH_TMP/it-300k.txt
# The peers' versions are pinned: the VADER figures of issue 4 were
# measured with these.
vader_pkg=vader-sentiment vader_ver=1.1.3
afinn_pkg=sentiment afinn_ver=5.0.2
# The Debian python (python3 on PATH may be another).
py=/usr/bin/python3
w=$BENCH_TMP/$name
npm_dir=$w/npm
mods=$npm_dir/node_modules
res=$w/results

for c in $corpora; do
	if [ ! -r "$gt/$c/test.jsonl" ]; then
		echo "skip: $name: $gt/$c/test.jsonl not found"
		exit 0
	fi
done
if [ ! -r "$BENCH_DATA/$tput_set/train.jsonl" ] || [ ! -r "$BENCH_DATA/$tput_set/test.jsonl" ]; then
	echo "skip: $name: $BENCH_DATA/$tput_set/{train,test}.jsonl not found"
	exit 0
fi
if [ ! -x "$bin/tk-sentiment" ]; then
	echo "$name: $BENCH_ROOT/bin/tk-sentiment not built (run make)" >&2
	exit 1
fi
if [ ! -x "$py" ]; then
	echo "$name: $py not found (apt-get install python3)" >&2
	exit 1
fi

fail() {
	echo "$name: $*" >&2
	exit 1
}
. "$BENCH_ROOT/tests/bench/lib.sh"

mkdir -p "$w/bin" || fail "cannot create $w/bin"
# The run takes minutes: it uses a copy of the tool, so that a `make`
# meanwhile cannot mix two builds in one run.
cp "$bin/tk-sentiment" "$w/bin/tk-sentiment.part" || fail "cannot copy $bin/tk-sentiment"
mv "$w/bin/tk-sentiment.part" "$w/bin/tk-sentiment" || fail "cannot copy $bin/tk-sentiment"
tk=$w/bin/tk-sentiment
: > "$res" || fail "cannot write $res"

load_start=$(loadavg)
nproc=$(nproc 2> /dev/null || getconf _NPROCESSORS_ONLN)

# The peers are not build dependencies: install them when we can.
have_node() { command -v node > /dev/null 2>&1 && command -v npm > /dev/null 2>&1; }
node_note=
if ! have_node; then
	apt_install nodejs npm
	have_node || node_note="skipped: node or npm is missing (apt-get install nodejs npm, as root)"
fi

# npm_peer PACKAGE VERSION: install PACKAGE@VERSION into $npm_dir unless
# it is there already; print a note and return 1 when that fails.
npm_peer() {
	if [ -n "$node_note" ]; then
		echo "$node_note"
		return 1
	fi
	got=$(node -p "require(process.argv[1]).version" "$mods/$1/package.json" 2> /dev/null)
	[ "$got" = "$2" ] && return 0
	echo "installing $1@$2 with npm into $npm_dir" >&2
	if ! mkdir -p "$npm_dir"; then
		echo "skipped: cannot create $npm_dir"
		return 1
	fi
	if ! npm install --prefix "$npm_dir" --no-audit --no-fund --fetch-retries=1 \
		--fetch-timeout=60000 "$1@$2" > "$w/npm-$1.log" 2>&1; then
		tail -n 5 "$w/npm-$1.log" >&2
		echo "skipped: npm install $1@$2 failed (see $w/npm-$1.log)"
		return 1
	fi
	got=$(node -p "require(process.argv[1]).version" "$mods/$1/package.json" 2> /dev/null)
	if [ "$got" != "$2" ]; then
		echo "skipped: npm installed $1 ${got:-?}, not $2"
		return 1
	fi
}
vader_note=$(npm_peer "$vader_pkg" "$vader_ver")
afinn_note=$(npm_peer "$afinn_pkg" "$afinn_ver")

# Accuracy.  sentiment-score.py checks the line counts, and tk-sentiment's
# output line by line.
for c in $corpora; do
	echo "$name: $c" >&2
	test=$gt/$c/test.jsonl
	run /dev/null -i "$test" -o "$w/$c.tk.out" -- "$tk"
	s=$("$py" "$bench/sentiment-score.py" tk "$test" "$w/$c.tk.out") ||
		fail "tk-sentiment's output on $c is not sane"
	echo "row $c tk $s" >> "$res"
	if [ -z "$vader_note" ]; then
		run /dev/null -o "$w/$c.vader" -- node "$bench/peer-vader.js" "$mods" score "$test"
		s=$("$py" "$bench/sentiment-score.py" scores "$test" "$w/$c.vader") ||
			fail "cannot score VADER on $c"
		echo "row $c VADER $s" >> "$res"
	fi
	if [ -z "$afinn_note" ]; then
		run /dev/null -o "$w/$c.afinn" -- node "$bench/peer-afinn.js" "$mods" "$test"
		s=$("$py" "$bench/sentiment-score.py" scores "$test" "$w/$c.afinn") ||
			fail "cannot score AFINN on $c"
		echo "row $c AFINN $s" >> "$res"
	fi
done

# The 5-fold check on the train splits (sentiment-cv.sh), with VADER on
# the same lines: how learning does on text it did not learn from, which is
# what its choices are made on.
echo "$name: 5-fold check on the train splits" >&2
sh "$bench/sentiment-cv.sh" "$tk" "$gt" "$BENCH_ROOT/lib/lexicon/en-seed.tsv" \
	"$BENCH_ROOT/lib/lexicon/en.tsv" "$w/cv" >> "$res" || fail "the 5-fold check failed"
if [ -z "$vader_note" ]; then
	for c in $corpora; do
		run /dev/null -o "$w/cv/$c.vader" -- node "$bench/peer-vader.js" "$mods" score "$w/cv/$c.gold"
		s=$("$py" "$bench/sentiment-score.py" scores "$w/cv/$c.gold" "$w/cv/$c.vader") ||
			fail "cannot score VADER on the train split of $c"
		echo "cv $c VADER $s" >> "$res"
	done
fi

# The throughput input: train+test of tput_set repeated and cut at
# tput_tickets lines, built as bench-classify.sh builds it (which also
# derives $bigtxt from it).  Its size is known in advance, so a complete
# file from an earlier run is kept.
echo "$name: throughput" >&2
build_tickets "$tput_set" "$tput_tickets" "$big" || rm -f "$bigtxt"

# Each tool reads the file named on its command line and writes to
# /dev/null.  VADER's one run comes between tk-sentiment's first and
# second, so that a burst of load elsewhere on the machine is less likely
# to fall on one tool alone.
tk_runs=$w/tput.tk
vader_runs=$w/tput.vader
stream_runs=$w/stream
for f in "$tk_runs" "$vader_runs" "$stream_runs"; do
	: > "$f" || fail "cannot write $f"
done
for i in 1 2 3; do
	run "$tk_runs" -- "$tk" "$big"
	if [ "$i" -eq 1 ] && [ -z "$vader_note" ]; then
		run "$vader_runs" -- node "$bench/peer-vader.js" "$mods" annotate "$big"
	fi
done

# Constant memory: the file twice through a pipe.  measure reads its own
# stdin (-i -) and hands it to tk-sentiment, so the rusage is tk-sentiment's
# alone; its output goes through a FIFO to awk, which counts the lines and
# those with a "sentiment" key.
fifo=$w/stream.fifo
rm -f "$fifo"
mkfifo "$fifo" || fail "cannot make $fifo"
awk '/"sentiment" *:/ { k++ } END { print NR, k + 0 }' < "$fifo" > "$w/stream.lines" &
awk_pid=$!
(cat "$big" && cat "$big") | run "$stream_runs" -i - -o "$fifo" -- "$tk" || exit 1
wait "$awk_pid" || fail "cannot count tk-sentiment's output"
rm -f "$fifo"
read -r n k < "$w/stream.lines" || fail "cannot read $w/stream.lines"
[ "$n" -eq $((2 * tput_tickets)) ] 2> /dev/null ||
	fail "tk-sentiment wrote $n lines for $((2 * tput_tickets)) tickets"
[ "$k" -eq "$n" ] 2> /dev/null ||
	fail "tk-sentiment wrote $((n - k)) of $n lines without a \"sentiment\" key"

s=$(summary "$tk_runs") && echo "tput tk ${s% *} ${s#* }" >> "$res"
s=$(summary "$stream_runs") && echo "stream ${s% *} ${s#* }" >> "$res"
if [ -z "$vader_note" ]; then
	s=$(summary "$vader_runs") && echo "tput VADER ${s% *} ${s#* }" >> "$res"
fi

awk -v corpora="$corpora" -v tset="$tput_set" -v tickets="$tput_tickets" -v nproc="$nproc" \
	-v vnote="$vader_note" -v anote="$afinn_note" -v vpkg="$vader_pkg $vader_ver" \
	-v apkg="$afinn_pkg $afinn_ver" -v nodever="$(node --version 2> /dev/null)" \
	-v load0="$load_start" -v load1="$(loadavg)" '
function met(ok) { return ok ? "met" : "MISSED" }
function mb(kb) { return kb * 1024 / 1e6 }
function row(c, tool, label) { arow(r, f1, c, tool, label) }
function arow(R, F, c, tool, label,   k) {
	k = c SUBSEP tool
	if (k in R)
		printf "%-25s | %-12s | %7.4f | %8.4f | %9s\n", c, label, R[k], F[k], "-"
}
function skipped(c, label, note) {
	printf "%-25s | %-12s | %s\n", c, label, note
}
function trow(tool, label) {
	if (tool in wall)
		printf "%-25s | %-12s | %7s | %8s | %9.0f\n", tset " 300k", label, "-", "-",
			tickets / wall[tool]
}
$1 == "row" { k = $2 SUBSEP $3; r[k] = $4; f1[k] = $5 }
$1 == "cv" { k = $2 SUBSEP $3; cvr[k] = $4; cvf1[k] = $5 }
$1 == "tput" { wall[$2] = $3; rss[$2] = $4 }
$1 == "stream" { swall = $2; srss = $3 }
END {
	n = split(corpora, corpus, " ")
	printf "tk-sentiment against VADER and AFINN on the VADER ground-truth corpora (test.jsonl), default lexicon\n"
	printf "%-25s | %-12s | %7s | %8s | %9s\n", "corpus", "tool", "r", "macro-F1", "tickets/s"
	for (i = 1; i <= n; i++) {
		c = corpus[i]
		row(c, "tk", "tk-sentiment")
		if (vnote == "")
			row(c, "VADER", "VADER")
		else
			skipped(c, "VADER", vnote)
		if (anote == "")
			row(c, "AFINN", "AFINN")
		else
			skipped(c, "AFINN", anote)
	}
	trow("tk", "tk-sentiment")
	if (vnote == "")
		trow("VADER", "VADER")
	else
		skipped(tset " 300k", "VADER", vnote)
	printf "r: Pearson r against score_norm; macro-F1: 3 classes, score and score_norm cut at +-0.05\n"
	printf "tools: tk-sentiment sentiment.score; VADER: npm %s, polarity_scores(text).compound; ", vpkg
	printf "AFINN: npm %s, its comparative score (AFINN sum / tokens, unbounded)\n", apkg
	printf "tickets/s: %d tickets of %s train+test repeated, each tool reading the file, writing to /dev/null; ",
		tickets, tset
	printf "tk-sentiment median of 3 runs, VADER (node %s, peer-vader.js annotate) 1 run\n",
		nodever == "" ? "?" : nodever

	printf "targets:\n"
	for (i = 1; i <= n; i++) {
		c = corpus[i]
		t = c SUBSEP "tk"; v = c SUBSEP "VADER"
		if (v in r)
			printf "1. %s: r tk %.4f vs VADER %.4f, macro-F1 tk %.4f vs VADER %.4f (both at least VADER'\''s): %s\n",
				c, r[t], r[v], f1[t], f1[v], met(r[t] >= r[v] && f1[t] >= f1[v])
		else
			printf "1. %s: r tk %.4f, macro-F1 tk %.4f, VADER skipped: MISSED\n", c, r[t], f1[t]
	}
	ttps = tickets / wall["tk"]
	if ("VADER" in wall) {
		vtps = tickets / wall["VADER"]
		printf "2. throughput >= 20 x VADER: tk-sentiment %.0f vs VADER %.0f tickets/s, ratio %.1f (at least 20): %s\n",
			ttps, vtps, ttps / vtps, met(ttps >= 20 * vtps)
	} else
		printf "2. throughput >= 20 x VADER: tk-sentiment %.0f tickets/s, VADER skipped: MISSED\n", ttps
	printf "3. constant memory: tk-sentiment peak RSS %.1f MB on %d tickets, %.1f MB on %d through a pipe (%.0f tickets/s) (within 10%%): %s\n",
		mb(rss["tk"]), tickets, mb(srss), 2 * tickets, 2 * tickets / swall,
		met(srss <= 1.1 * rss["tk"])
	if ("VADER" in rss)
		printf "VADER peak RSS on %d tickets: %.1f MB\n", tickets, mb(rss["VADER"])
	printf "\nnot a target: the 5-fold check on the train splits (sentiment-cv.sh): tk-sentiment learns on 4/5 of each corpus and scores the fifth\n"
	printf "%-25s | %-12s | %7s | %8s | %9s\n", "corpus (train.jsonl)", "tool", "r", "macro-F1", "tickets/s"
	for (i = 1; i <= n; i++) {
		arow(cvr, cvf1, corpus[i], "tk", "tk-sentiment")
		arow(cvr, cvf1, corpus[i], "VADER", "VADER")
	}
	printf "nproc = %s; load average %s at start, %s at end; figures vary with load on the machine\n",
		nproc, load0, load1
}' "$res"

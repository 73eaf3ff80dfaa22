#!/bin/sh
# A 5-fold check of tk-sentiment's learning on the train splits of the
# VADER ground-truth corpora, the check its learning choices are made on
# (the test splits are make bench's targets, not to be tuned on).
#
# usage: sentiment-cv.sh TK-SENTIMENT GROUNDTRUTH-DIR SEED-LEXICON RULES-LEXICON WORKDIR
#
# For k = 0..4: learn a lexicon as `make lexicon` does (--learn score_norm
# --learn-balance, from SEED-LEXICON) on the lines of every corpus's
# train.jsonl whose number is not k modulo 5, and score those that are
# with it and RULES-LEXICON (lib/lexicon/en.tsv) alone, with
# --no-default-lexicon; the built-in lexicon's foreign-text check is off
# that way, as it needs its stopwords.  The five fifths together are every
# train line once, in WORKDIR/CORPUS.gold, with the scores in
# WORKDIR/CORPUS.tk.out.
#
# Prints a line "cv CORPUS tk R MACRO-F1" per corpus (sentiment-score.py).
# A few seconds.  make bench runs it (bench-sentiment.sh); it can be run
# alone after a change to the learning, the rules or the seeds:
#   sh tests/bench/sentiment-cv.sh bin/tk-sentiment ../shared/data/vader_groundtruth \
#           lib/lexicon/en-seed.tsv lib/lexicon/en.tsv /tmp/cv
set -u

if [ $# -ne 5 ]; then
	echo "usage: sentiment-cv.sh TK-SENTIMENT GROUNDTRUTH-DIR SEED-LEXICON RULES-LEXICON WORKDIR" >&2
	exit 2
fi
tk=$1 gt=$2 seed=$3 rules=$4 w=$5
corpora="tweets amazon_reviews movie_reviews nyt_editorials"
py=/usr/bin/python3
score=$(dirname "$0")/sentiment-score.py

fail() {
	echo "sentiment-cv.sh: $*" >&2
	exit 1
}

for c in $corpora; do
	[ -r "$gt/$c/train.jsonl" ] || fail "$gt/$c/train.jsonl not found"
done
for k in 0 1 2 3 4; do
	for c in $corpora; do
		mkdir -p "$w/learn$k/$c" "$w/check$k/$c" || fail "cannot create $w/learn$k/$c"
		awk -v k=$k 'NR % 5 != k' "$gt/$c/train.jsonl" > "$w/learn$k/$c/train.jsonl" &&
			awk -v k=$k 'NR % 5 == k' "$gt/$c/train.jsonl" > "$w/check$k/$c/test.jsonl" ||
			fail "cannot split $gt/$c/train.jsonl into $w"
	done
done
for k in 0 1 2 3 4; do
	"$tk" --learn score_norm --learn-balance --lexicon "$seed" "$w/learn$k"/*/train.jsonl \
		> "$w/lexicon$k.tsv" 2> "$w/learn$k.err" ||
		fail "learning fold $k failed: $(head -n 3 "$w/learn$k.err")"
done
for c in $corpora; do
	for k in 0 1 2 3 4; do
		cat "$w/check$k/$c/test.jsonl"
	done > "$w/$c.gold"
	for k in 0 1 2 3 4; do
		"$tk" --no-default-lexicon --lexicon "$w/lexicon$k.tsv" --lexicon "$rules" \
			"$w/check$k/$c/test.jsonl" || fail "scoring fold $k of $c failed"
	done > "$w/$c.tk.out"
	s=$("$py" "$score" tk "$w/$c.gold" "$w/$c.tk.out") || fail "tk-sentiment's output on $c is not sane"
	echo "cv $c tk $s"
done

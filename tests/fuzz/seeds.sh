#!/bin/sh
# Add the seed corpora of the fuzz targets to tests/fuzz/build/corpus/TARGET/
# from what the repository has: the golden cases' inputs, routing files,
# rosters, lexicons, pattern files, and model, clusters and anomaly state
# files made by the tools (bin/ must be built) from the test data.  A state
# file's seed is its body (the targets add the header and checksum), plus
# the files as they are.
#
# usage: tests/fuzz/seeds.sh [OUTDIR]
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/tests/fuzz/build/corpus}
bin=$top/bin
td=$top/testdata
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tk-seeds.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# seed TARGET FILE...: copy the files (of at most 64 KiB) into TARGET's corpus.
seed() {
	t=$1
	shift
	mkdir -p "$out/$t"
	for f in "$@"; do
		[ -f "$f" ] || continue
		[ "$(wc -c < "$f")" -le 65536 ] || continue
		d=${f%/*}
		cp "$f" "$out/$t/${d##*/}-${f##*/}"
	done
}

# body TARGET NAME FILE: the second line of a checked state file.
body() {
	mkdir -p "$out/$1"
	[ -f "$3" ] && sed -n 2p "$3" | tr -d '\n' > "$out/$1/$2"
	return 0
}

# What earlier runs found stays: the seeds are added to it.
mkdir -p "$out"

seed jsonl "$td"/tk-*/*.in "$td"/tk-*/*.jsonl
seed token "$td"/tk-tokenize/*.in "$td"/tk-tokenize/noise.txt "$td"/tk-sentiment/*.in
seed entities "$td"/tk-tokenize/*.tsv
seed route "$top"/lib/route-default.json $(ls "$td"/tk-route/*.json | grep -v roster)
seed roster "$td"/tk-route/*roster*.json
seed lexicon "$top"/lib/lexicon/en.tsv "$top"/lib/lexicon/en-seed.tsv "$td"/tk-sentiment/*.tsv
head -n 200 "$top/lib/lexicon/en-learned.tsv" > "$out/lexicon/en-learned-head.tsv"

# Times as tickets give them.
mkdir -p "$out/timestamp"
cat "$td"/tk-*/*.in 2>/dev/null | grep -o '"created_at": *"[^"]*"' | sed 's/.*: *"//; s/"$//' |
	sort -u | head -n 40 | {
	i=0
	while IFS= read -r t; do
		i=$((i + 1))
		printf '%s' "$t" > "$out/timestamp/t$i"
	done
}
for t in 2026-11-16T10:51:43.250+01:00 '2015-02-26 21:42:53' 1969-12-31t23:59:59z 2024-02-29T00:00:00-23:59 1763290800 -1.5e3; do
	i=$((i + 1))
	printf '%s' "$t" > "$out/timestamp/x$(printf '%s' "$t" | cksum | cut -d' ' -f1)"
done

# Models: small ones, with each kind of feature.
seed model "$td"/tk-classify/*.model "$td"/tk-train/tiny.out
tiny=$td/tk-train/tiny.jsonl
if [ -x "$bin/tk-train" ] && [ -f "$tiny" ]; then
	"$bin/tk-train" -q --word-ngrams 2 --char-ngrams 2-4 -o "$out/model/chars.model" "$tiny" || true
	"$bin/tk-train" -q --word-ngrams 1 --char-ngrams 0 -p all -o "$out/model/placeholders.model" "$tiny" || true
fi

# Clusters: the golden cases' file and a fresh one.
for f in "$td"/tk-cluster/*.tkc; do
	body clusters "body-${f##*/}" "$f"
done
seed clusters "$td"/tk-cluster/bad-*.tkc
if [ -x "$bin/tk-cluster" ]; then
	head -n 40 "$td/tk-cluster/topics.in" | "$bin/tk-cluster" -q -k 4 -s "$tmp/small.tkc" > /dev/null || true
	body clusters body-small.tkc "$tmp/small.tkc"
	[ -f "$tmp/small.tkc" ] && cp "$tmp/small.tkc" "$out/clusters/small.tkc"
fi

# Anomaly state: counting and series, each with an open window.
for f in "$td"/tk-anomaly/*.state; do
	body anomaly "body-${f##*/}" "$f"
done
seed anomaly "$td"/tk-anomaly/bad-foreign.state "$td"/tk-anomaly/bad-truncated.state
if [ -x "$bin/tk-anomaly" ]; then
	(cd "$td/tk-anomaly" && awk -v weeks=1 -f tickets.awk) | head -n 300 |
		"$bin/tk-anomaly" -q --now 2026-01-01T00:00:00Z --state "$tmp/a.state" > /dev/null || true
	body anomaly body-week.state "$tmp/a.state"
	"$bin/tk-anomaly" -q --series --state "$tmp/s.state" < "$td/tk-anomaly/series.in" > /dev/null || true
	body anomaly body-series.state "$tmp/s.state"
fi

for t in "$out"/*; do
	echo "seeds: ${t##*/}: $(ls "$t" | wc -l) files"
done

#!/bin/sh
# make check: replay every input the fuzz targets once crashed, leaked or
# hung on (tests/fuzz/regress/TARGET/NAME, each fixed) through the target
# built with the normal flags (tests/fuzz/replay-TARGET; SANITIZE=1 puts it
# under ASan and UBSan), and run each target on a few of its seeds from
# testdata as a smoke test.  TK_WRAP (set by make check VALGRIND=1) runs
# them under valgrind.  Prints TAP.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
fz=$top/tests/fuzz
td=$top/testdata
n=0
failed=0

# check LABEL TARGET FILE...: one TAP line for running TARGET on the files.
check() {
	label=$1
	t=$2
	shift 2
	n=$((n + 1))
	if [ ! -x "$fz/replay-$t" ]; then
		echo "not ok $n - $label: tests/fuzz/replay-$t is not built"
		failed=$((failed + 1))
	elif out=$(${TK_WRAP:-} "$fz/replay-$t" "$@" 2>&1); then
		echo "ok $n - $label"
	else
		echo "not ok $n - $label"
		echo "$out" | head -n 20 | sed 's/^/#   /'
		echo "#   replay: tests/fuzz/replay-$t $(echo "$@" | sed "s|$top/||g")"
		failed=$((failed + 1))
	fi
}

for f in "$fz"/regress/*/*; do
	[ -f "$f" ] || continue
	t=${f%/*}
	t=${t##*/}
	check "regress $t/${f##*/}" "$t" "$f"
done

check "seeds jsonl" jsonl "$td"/tk-tokenize/*.in "$td"/tk-route/sort.in
check "seeds token" token "$td"/tk-tokenize/entities.in "$td"/tk-tokenize/languages.in \
	"$td"/tk-tokenize/product-tokens.in
check "seeds entities" entities "$td"/tk-tokenize/*.tsv
check "seeds model" model "$td"/tk-classify/*.model "$td"/tk-train/tiny.out
check "seeds clusters" clusters "$td"/tk-cluster/*.tkc
check "seeds anomaly" anomaly "$td"/tk-anomaly/*.state
check "seeds route" route "$top"/lib/route-default.json "$td"/tk-route/custom.json "$td"/tk-route/backtrack.json
check "seeds roster" roster "$td"/tk-route/roster*.json
check "seeds lexicon" lexicon "$td"/tk-sentiment/*.tsv "$top"/lib/lexicon/en.tsv
check "seeds timestamp" timestamp "$td"/tk-tokenize/one.jsonl "$td"/tk-route/bad-now.args
echo "1..$n"
[ $failed -eq 0 ]

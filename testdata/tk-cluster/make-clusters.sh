#!/bin/sh
# Regenerate the clusters file of the assignment cases and its damaged
# copies (run from testdata/tk-cluster after a change of the format).
set -eu
../../bin/tk-cluster -q -k 3 -s clusters.tkc topics.in > /dev/null
head -c 200 clusters.tkc > bad-truncated.tkc
sed '2s/"k":3/"k":4/' clusters.tkc > bad-changed.tkc
printf 'hello\n' > bad-foreign.tkc
sed '1s/ 1$/ 9/' clusters.tkc > bad-version.tkc
# Damaged inside but with a right checksum: what only the loader's checks catch.
resum() {
	python3 -c '
import sys
lines = open(sys.argv[1], "rb").read().split(b"\n")
h = 14695981039346656037
for c in lines[1]:
    h = ((h ^ c) * 1099511628211) % (1 << 64)
sys.stdout.buffer.write(lines[0] + b"\n" + lines[1] + b"\nchecksum %016x\n" % h)' "$1"
}
sed '2s/"char_max":[0-9]*/"char_max":99/' clusters.tkc > bad-settings.tmp && resum bad-settings.tmp > bad-settings.tkc
sed '2s/"idf":\[[^,]*/"idf":[-1/' clusters.tkc > bad-idf.tmp && resum bad-idf.tmp > bad-idf.tkc
rm -f bad-settings.tmp bad-idf.tmp

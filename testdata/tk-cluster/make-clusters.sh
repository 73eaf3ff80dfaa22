#!/bin/sh
# Regenerate the clusters file of the assignment cases and its damaged
# copies (run from testdata/tk-cluster after a change of the format).
set -eu
../../bin/tk-cluster -q -k 3 -s clusters.tkc topics.in > /dev/null
head -c 200 clusters.tkc > bad-truncated.tkc
sed '2s/"k":3/"k":4/' clusters.tkc > bad-changed.tkc
printf 'hello\n' > bad-foreign.tkc
sed '1s/ 1$/ 9/' clusters.tkc > bad-version.tkc

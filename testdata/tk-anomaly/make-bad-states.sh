#!/bin/sh
# Regenerate the damaged state files of the golden cases from a good one
# (run from testdata/tk-anomaly after a change of the state format).
set -eu
rm -f good.state
awk -v weeks=2 -f tickets.awk | ../../bin/tk-anomaly -q --state good.state
head -c 300 good.state > bad-truncated.state
# One digit of the JSON changed: the checksum no longer matches.
sed '2s/"level":1/"level":2/' good.state > bad-changed.state
printf 'hello\n' > bad-foreign.state
sed '1s/ 1$/ 9/' good.state > bad-version.state
rm -f good.state
# Good files, kept with other settings than the cases run with.
rm -f bad-window.state bad-mode.state
awk -v weeks=1 -f tickets.awk | ../../bin/tk-anomaly -q -w 30m --state bad-window.state
awk -v weeks=1 -f tickets.awk | ../../bin/tk-anomaly -q --state bad-mode.state

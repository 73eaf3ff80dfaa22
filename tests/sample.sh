#!/bin/sh
# The bundled sample tickets are generated, not hand-edited: regenerating
# them must give the committed files byte for byte.  Prints TAP.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
if ! command -v python3 > /dev/null; then
	echo "ok 1 - sample data is reproducible # SKIP python3 not installed"
	echo "1..1"
	exit 0
fi
. "$top/tests/tap.sh"
python3 "$top/testdata/gen-sample.py" "$tmp" > /dev/null
for f in history.jsonl today.jsonl; do
	check "testdata/gen-sample.py reproduces sample/$f (make sample rewrites it)" \
		cmp "$tmp/$f" "$top/testdata/sample/$f"
done
tap_done

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
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tk-sample.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
python3 "$top/testdata/gen-sample.py" "$tmp" > /dev/null
n=0
failed=0
for f in history.jsonl today.jsonl; do
	n=$((n + 1))
	if cmp -s "$tmp/$f" "$top/testdata/sample/$f"; then
		echo "ok $n - testdata/gen-sample.py reproduces sample/$f"
	else
		failed=$((failed + 1))
		echo "not ok $n - testdata/gen-sample.py reproduces sample/$f (make sample rewrites it)"
	fi
done
echo "1..$n"
[ $failed -eq 0 ]

#!/bin/sh
# Benchmarks: `make bench` runs this.  It builds the two helpers every bench
# uses into tests/bench/tmp/ (git-ignored, like the inputs the benches build
# there from ../shared/data at run time) and runs each tests/bench/bench-*.sh
# in sorted order.  A bench reports a missed target in its output; only a
# bench that could not run makes this exit non-zero.
#
# What a bench script gets in its environment:
#   BENCH_ROOT     the repository root (bin/ holds the tools)
#   BENCH_TMP      tests/bench/tmp, for inputs and scratch files
#   BENCH_MEASURE  the measure program (see measure.c)
#   BENCH_FLOOR    the json-c floor program (see floor.c)
#   BENCH_DATA     ../shared/data, the shared data sets
# and tests/bench/lib.sh, the helpers they share (measure runs, medians,
# installing peers, the 300,000-ticket throughput input).

set -u

bench=$(cd "$(dirname "$0")" && pwd) || exit 1
root=$(cd "$bench/../.." && pwd) || exit 1

if [ ! -d "$root/../shared/data" ]; then
	echo "skip: ../shared/data not found; benchmarks need the shared data sets"
	exit 0
fi
data=$(cd "$root/../shared/data" && pwd) || exit 1
tmp=$bench/tmp
mkdir -p "$tmp" || exit 1

cc=${CC:-cc}
pkgconfig=${PKG_CONFIG:-pkg-config}
if ! jsonc_cflags=$($pkgconfig --cflags json-c) || ! jsonc_libs=$($pkgconfig --libs json-c); then
	echo "bench: cannot find json-c with $pkgconfig" >&2
	exit 1
fi
$cc -O2 -std=c11 -o "$tmp/measure" "$bench/measure.c" || exit 1
# Word splitting of the pkg-config flags is intended.
# shellcheck disable=SC2086
$cc -O2 -std=c11 $jsonc_cflags -o "$tmp/floor" "$bench/floor.c" $jsonc_libs || exit 1

BENCH_ROOT=$root BENCH_TMP=$tmp BENCH_MEASURE=$tmp/measure BENCH_FLOOR=$tmp/floor \
	BENCH_DATA=$data
export BENCH_ROOT BENCH_TMP BENCH_MEASURE BENCH_FLOOR BENCH_DATA

failed=0
ran=0
for script in "$bench"/bench-*.sh; do
	[ -f "$script" ] || continue
	ran=$((ran + 1))
	if ! sh "$script"; then
		echo "bench: $(basename "$script") could not run" >&2
		failed=$((failed + 1))
	fi
	echo
done
if [ "$ran" -eq 0 ]; then
	echo "bench: no tests/bench/bench-*.sh to run" >&2
	exit 1
fi
echo "$ran benches, $((ran - failed)) ran, $failed could not run"
[ "$failed" -eq 0 ]

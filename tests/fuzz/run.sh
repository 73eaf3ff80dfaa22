#!/bin/sh
# Run fuzz targets (built by make fuzz-build, seeds by seeds.sh) for
# FUZZ_SECONDS each, FUZZ_JOBS at a time, and print a table: executions,
# executions per second, coverage, and what each found.  Exit 1 when any
# target found a crash, a leak or a hang; its input is named.
#
# usage: tests/fuzz/run.sh [TARGET ...]
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
build=$top/tests/fuzz/build
secs=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-2}
[ $# -gt 0 ] || set -- $(ls "$top"/tests/fuzz/fuzz-*.c | sed 's|.*/fuzz-||; s|\.c$||')

# The longest input worth trying, per target.
max_len() {
	case $1 in
	timestamp) echo 64 ;;
	roster | entities) echo 4096 ;;
	token | lexicon | jsonl | route) echo 16384 ;;
	*) echo 65536 ;;
	esac
}

run_one() {
	t=$1
	mkdir -p "$build/corpus/$t" "$build/crashes/$t" "$build/log"
	"$build/fuzz-$t" -max_total_time="$secs" -max_len="$(max_len "$t")" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$build/crashes/$t/" \
		"$build/corpus/$t" > "$build/log/$t.log" 2>&1
	echo $? > "$build/log/$t.status"
}

for t in "$@"; do
	[ -x "$build/fuzz-$t" ] || { echo "run.sh: no target $build/fuzz-$t (make fuzz-build)" >&2; exit 2; }
	rm -rf "$build/crashes/$t"
done
echo "fuzz: $# targets, $secs s each, $jobs at a time; logs in tests/fuzz/build/log/"
running=0
for t in "$@"; do
	run_one "$t" &
	running=$((running + 1))
	if [ $running -ge "$jobs" ]; then
		wait
		running=0
	fi
done
wait

failed=0
printf '%-10s %12s %8s %7s %8s  %s\n' target executions exec/s cov features found
for t in "$@"; do
	log=$build/log/$t.log
	stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -n 1; }
	execs=$(stat number_of_executed_units)
	rate=$(stat average_exec_per_sec)
	last=$(grep '^#[0-9]' "$log" | tail -n 1)
	cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	crashes=$(ls "$build/crashes/$t" | grep -c '^crash-\|^oom-' || true)
	leaks=$(ls "$build/crashes/$t" | grep -c '^leak-' || true)
	hangs=$(ls "$build/crashes/$t" | grep -c '^timeout-\|^slow-unit-' || true)
	found="$crashes crashes, $leaks leaks, $hangs timeouts"
	if [ "$(cat "$build/log/$t.status")" != 0 ] || [ $((crashes + leaks + hangs)) -gt 0 ]; then
		failed=1
		found="$found: FAILED (exit $(cat "$build/log/$t.status"))"
	fi
	printf '%-10s %12s %8s %7s %8s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$found"
done
if [ $failed = 1 ]; then
	for t in "$@"; do
		for f in "$build/crashes/$t"/*; do
			[ -f "$f" ] || continue
			echo "fuzz: $t: input ${f#$top/}"
			echo "      replay: $build/fuzz-$t ${f#$top/}   (log: tests/fuzz/build/log/$t.log)"
			# A CI run's build directory is gone when it ends: print the
			# input so that it can be saved from the log (base64 -d).
			if [ "$(wc -c < "$f")" -le 8192 ]; then
				echo "      base64:"
				base64 "$f" | sed 's/^/        /'
			fi
		done
		[ "$(cat "$build/log/$t.status")" = 0 ] || grep -m 3 'ERROR\|SUMMARY\|invariant' "$build/log/$t.log" | sed "s/^/fuzz: $t: /"
	done
	exit 1
fi

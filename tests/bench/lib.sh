# Helpers the bench scripts share; sourced by them after they have set
# name (the bench's name, for messages) and defined fail MESSAGE.
# Needs the BENCH_* variables of run.sh.

# The load average now, for the report.
loadavg() {
	if [ -r /proc/loadavg ]; then
		cut -d ' ' -f 1-3 /proc/loadavg
	else
		echo unknown
	fi
}

# apt_install PACKAGE...: install peers (never build dependencies) when
# running as root with apt-get; status 1 when that cannot be done.
apt_updated=
apt_install() {
	[ "$(id -u)" = 0 ] && command -v apt-get > /dev/null 2>&1 || return 1
	echo "installing $* with apt-get"
	if [ -z "$apt_updated" ]; then
		apt-get update -qq > /dev/null 2>&1
		apt_updated=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" > /dev/null 2>&1
}

# need_jq: make sure jq is there (it is not a build dependency: it is
# installed when we can), or fail.
need_jq() {
	command -v jq > /dev/null 2>&1 && return 0
	apt_install jq
	command -v jq > /dev/null 2>&1 || fail "jq is not installed (apt-get install jq, as root)"
}

# copy_tools DIR TOOL...: copy the tools from $BENCH_ROOT/bin into DIR, so
# that a `make` while a bench runs cannot mix two builds in one run; fail
# when one does not run.
copy_tools() {
	ct_dir=$1
	shift
	mkdir -p "$ct_dir" || fail "cannot create $ct_dir"
	for ct_t in "$@"; do
		cp "$BENCH_ROOT/bin/$ct_t" "$ct_dir/$ct_t.part" || fail "cannot copy $BENCH_ROOT/bin/$ct_t"
		mv "$ct_dir/$ct_t.part" "$ct_dir/$ct_t" || fail "cannot copy $BENCH_ROOT/bin/$ct_t"
		"$ct_dir/$ct_t" --version > /dev/null 2>&1 ||
			fail "$BENCH_ROOT/bin/$ct_t does not run (is a build under way?)"
	done
}

# run FILE ARGS: run measure with ARGS and append its line to FILE; a
# command that fails or cannot be run is an error.
run() {
	runs=$1
	shift
	measured=$("$BENCH_MEASURE" "$@") || fail "failed (${measured:-see above}): $*"
	printf '%s\n' "$measured" >> "$runs" || fail "cannot write $runs"
}

# Print "median-wall max-rss-kb" of the measure lines in a file.
summary() {
	awk 'BEGIN { n = 0; rss = 0 }
	{
		for (i = 1; i <= NF; i++) {
			split($i, kv, "=")
			if (kv[1] == "wall") w[n] = kv[2] + 0
			if (kv[1] == "maxrss_kb" && kv[2] + 0 > rss) rss = kv[2] + 0
		}
		n++
	}
	END {
		for (i = 1; i < n; i++)
			for (j = i; j > 0 && w[j - 1] > w[j]; j--) {
				t = w[j]; w[j] = w[j - 1]; w[j - 1] = t
			}
		med = n % 2 ? w[int(n / 2)] : (w[n / 2 - 1] + w[n / 2]) / 2
		printf "%.6f %d\n", med, rss
	}' "$1"
}

# lines_ok OUT WANT WHAT: OUT must have WANT lines.
lines_ok() {
	lo_lines=$(wc -l < "$1") || fail "cannot read $1"
	[ "$lo_lines" -eq "$2" ] || fail "$3 wrote $lo_lines lines for $2 tickets"
}

# build_tickets SET N OUT: the train and test splits of the data set SET
# repeated and cut at N lines, into OUT (the throughput input the benches
# share).  Its size is known in advance, so a complete file from an
# earlier run is kept; status 1 when it was (re)built.  Its variables
# start with bt_, out of the way of the caller's.
build_tickets() {
	bt_src=$BENCH_DATA/$1
	bt_unit_lines=$(cat "$bt_src/train.jsonl" "$bt_src/test.jsonl" | wc -l) || fail "cannot read $bt_src"
	bt_unit_bytes=$(cat "$bt_src/train.jsonl" "$bt_src/test.jsonl" | wc -c) || fail "cannot read $bt_src"
	bt_copies=$(($2 / bt_unit_lines))
	bt_rest=$(($2 - bt_copies * bt_unit_lines))
	bt_rest_bytes=$(cat "$bt_src/train.jsonl" "$bt_src/test.jsonl" | head -n "$bt_rest" | wc -c)
	bt_want=$((bt_copies * bt_unit_bytes + bt_rest_bytes))
	if [ -f "$3" ] && [ "$(wc -c < "$3")" -eq "$bt_want" ]; then
		lines_ok "$3" "$2" "building $3"
		return 0
	fi
	{
		bt_i=0
		while [ "$bt_i" -lt "$bt_copies" ]; do
			cat "$bt_src/train.jsonl" "$bt_src/test.jsonl" || exit 1
			bt_i=$((bt_i + 1))
		done
		cat "$bt_src/train.jsonl" "$bt_src/test.jsonl" | head -n "$bt_rest"
	} > "$3.part" || fail "cannot write $3.part"
	mv "$3.part" "$3" || fail "cannot write $3"
	lines_ok "$3" "$2" "building $3"
	return 1
}

#!/bin/sh
# Anomalies: tk-anomaly on the Numenta Anomaly Benchmark (NAB v1.1, the 58
# series of $BENCH_DATA/nab) beside the published detectors, its CPU time
# there against jq's, its memory and rate on a long synthetic ticket
# stream, and its one alert on the bundled sample.
#
# Targets (issue 6):
#   1. NAB: `tk-anomaly --series --range MIN:MAX --scores`, default
#      settings, one process per series, the same settings for the whole
#      corpus; MIN and MAX are the file's least and greatest value, which
#      NAB gives every detector it runs (nab/detectors/base.py: inputMin,
#      inputMax; CAD OSE and HTM use them).  Its scores go to
#      $BENCH_TMP/bench-anomaly/scores-range/<category>/<name>.jsonl and
#      nab-score.py scores them (one threshold for the corpus per profile,
#      as NAB's sweeper chooses it).  The standard profile's normalised
#      score must be at least 60 (the aim: above 70); reward_low_FP_rate
#      and reward_low_FN_rate are reported.  The same without --range (the
#      range learnt from the values as they come) is reported beside it.  First `nab-score.py --check`
#      recomputes the published scoreboard from the stored raw totals; its
#      largest difference is reported (the scorer is suspect above 0.01).
#      The table holds every detector of scoring/final_results.json, sorted
#      by standard score, with tk-anomaly's row among them.
#   2. speed: the total CPU time (user + sys, from $BENCH_MEASURE) of
#      `tk-anomaly --series --scores FILE` over the 58 series, one process
#      per file, below that of `jq -c . FILE` (read and print) on the same
#      files, both writing to /dev/null; the two take turns file by file,
#      3 rounds, median of the rounds' totals.  Also the number of points
#      (365,558 in NAB v1.1).
#   3. memory: tk-anomaly -k product on a synthetic ticket stream of
#      1,000,000 tickets over a year (a Poisson stream, about one ticket
#      every 32 s, created_at increasing, "product" one of 10 values, a
#      customer id and a few words of text; written by awk into
#      $BENCH_TMP at run time and removed at the end), and on its first
#      100,000 tickets: constant memory per key if the peak RSS on 1M is
#      within 10% of that on 100k, or within 0.5 MB (the peak of a 3 MB
#      process moves by 0.1 or 0.2 MB between runs of one input).  Also its tickets/s on 1M (median of 3)
#      and, for reference, the alerts it raises on the stream, which has no
#      incident in it.
#   4. the bundled sample: `cat testdata/sample/history.jsonl
#      testdata/sample/today.jsonl | tk-anomaly` gives exactly one alert,
#      whose window overlaps the incident of 2026-11-16 09:40Z-11:30Z and
#      whose terms include e-4012; with -k customer.tier and with
#      -k channel at least one alert and every alert's window overlapping
#      the incident hours.
# A missed target is reported, not an error; a tool that fails or whose
# output is not sane (tk-anomaly --scores: one line per point) is an error.
#
# Times are from $BENCH_MEASURE; MB is 10^6 bytes.  tk-anomaly runs from a
# copy of bin/ taken at the start.  python3 (standard library only) runs
# the scorer; jq reads the tools' JSON and is the speed peer.
#
# Run by tests/bench/run.sh, which sets the BENCH_* variables.

set -u

: "${BENCH_ROOT:?run me through tests/bench/run.sh}" "${BENCH_TMP:?}" "${BENCH_MEASURE:?}"
: "${BENCH_DATA:?}"

name="bench-anomaly"
bench=$BENCH_ROOT/tests/bench
bin=$BENCH_ROOT/bin
nab=$BENCH_DATA/nab
sample=$BENCH_ROOT/testdata/sample
nab_series=58
nab_points=365558
syn_tickets=1000000
syn_small=100000
# The incident of the sample (testdata/sample/README.md), as tk-anomaly
# writes times.
inc_lo=2026-11-16T09:40:00Z
inc_hi=2026-11-16T11:30:00Z
w=$BENCH_TMP/$name
res=$w/results

for f in labels/combined_windows.json scoring/final_results.json scoring/per_file_raw_scores.json; do
	if [ ! -r "$nab/$f" ]; then
		echo "skip: $name: $nab/$f not found"
		exit 0
	fi
done

fail() {
	echo "$name: $*" >&2
	exit 1
}
# shellcheck disable=SC1091
. "$BENCH_ROOT/tests/bench/lib.sh"

if [ ! -x "$bin/tk-anomaly" ]; then
	fail "$bin/tk-anomaly not built (run make)"
fi
for f in history.jsonl today.jsonl; do
	[ -r "$sample/$f" ] || fail "$sample/$f not found"
done
command -v python3 > /dev/null 2>&1 || fail "python3 not found (apt-get install python3)"
need_jq

copy_tools "$w/bin" tk-anomaly
tk=$w/bin/tk-anomaly
syn=$w/syn-1m.jsonl
syn_head=$w/syn-100k.jsonl
# The synthetic stream is some 200 MB: never leave it behind.
trap 'rm -f "$syn" "$syn_head" "$syn.part"' EXIT
trap 'exit 1' HUP INT TERM
: > "$res" || fail "cannot write $res"

load_start=$(loadavg)
nproc=$(nproc 2> /dev/null || getconf _NPROCESSORS_ONLN)

# The series, in a stable order.
set -- "$nab"/series/*/*.jsonl
[ -f "$1" ] || fail "no series in $nab/series"
[ "$#" -eq "$nab_series" ] || fail "$# series in $nab/series, not $nab_series (NAB scores need all of them)"
points=$(cat "$@" | wc -l) || fail "cannot read $nab/series"
points=$((points + 0))

# 1. NAB.  tk-anomaly scores every series, with --range and without; the
# scorer checks the number of rows too, but a short file is better named here.
echo "$name: NAB, $# series" >&2
scores=$w/scores
rm -rf "$scores" "$scores-range" || fail "cannot remove $scores"
for f in "$@"; do
	rel=${f#"$nab/series/"}
	range=$(jq -s -r '[.[].value] | "\(min):\(max)"' "$f") || fail "cannot read $f"
	mkdir -p "$scores/${rel%/*}" "$scores-range/${rel%/*}" || fail "cannot create $scores/${rel%/*}"
	run /dev/null -o "$scores-range/$rel" -- "$tk" --series --range "$range" --scores "$f"
	run /dev/null -o "$scores/$rel" -- "$tk" --series --scores "$f"
	rows=$(wc -l < "$f")
	lines_ok "$scores-range/$rel" "$rows" "tk-anomaly --series --range $range --scores on $rel"
	lines_ok "$scores/$rel" "$rows" "tk-anomaly --series --scores on $rel"
done
python3 "$bench/nab-score.py" --check "$nab" > "$w/check.out" 2>&1
check_status=$?
check_diff=$(sed -n 's/^largest difference: //p' "$w/check.out")
[ -n "$check_diff" ] || fail "nab-score.py --check failed: $(tail -n 3 "$w/check.out")"
echo "check $check_status $check_diff" >> "$res"
for run in tk:"$scores-range" tkl:"$scores"; do
	python3 "$bench/nab-score.py" "$nab" "${run#*:}" > "$w/score.out" 2> "$w/score.err" ||
		fail "nab-score.py failed on tk-anomaly's scores: $(tail -n 3 "$w/score.err")"
	tail -n 1 "$w/score.out" | jq -r --arg r "${run%%:*}" '"\($r) \(.standard.score) \(.reward_low_FP_rate.score) \(.reward_low_FN_rate.score) \(.standard.threshold) \(.reward_low_FP_rate.threshold) \(.reward_low_FN_rate.threshold)"' >> "$res" ||
		fail "cannot read nab-score.py's output ($w/score.out)"
done
jq -r 'to_entries[] | "pub \(.key) \(.value.standard) \(.value.reward_low_FP_rate) \(.value.reward_low_FN_rate)"' \
	"$nab/scoring/final_results.json" >> "$res" || fail "cannot read $nab/scoring/final_results.json"

# 2. Speed: tk-anomaly and jq take turns file by file, writing to /dev/null.
: > "$w/speed.rounds" || fail "cannot write $w/speed.rounds"
for round in 1 2 3; do
	echo "$name: speed, round $round of 3" >&2
	: > "$w/speed.tk.$round" || fail "cannot write $w/speed.tk.$round"
	: > "$w/speed.jq.$round" || fail "cannot write $w/speed.jq.$round"
	for f in "$@"; do
		run "$w/speed.tk.$round" -o /dev/null -- "$tk" --series --scores "$f"
		run "$w/speed.jq.$round" -o /dev/null -- jq -c . "$f"
	done
	for t in tk jq; do
		awk -v t="$t" '{
			for (i = 1; i <= NF; i++) {
				split($i, kv, "=")
				if (kv[1] == "wall") wall += kv[2]
				if (kv[1] == "cpu") cpu += kv[2]
				if (kv[1] == "maxrss_kb" && kv[2] + 0 > rss) rss = kv[2] + 0
			}
		}
		END { printf "speed %s %.6f %.6f %d\n", t, cpu, wall, rss }' "$w/speed.$t.$round" >> "$w/speed.rounds" ||
			fail "cannot read $w/speed.$t.$round"
	done
done
# The median round by CPU time, per tool.
for t in tk jq; do
	awk -v t="$t" '$1 == "speed" && $2 == t { n++; c[n] = $3; wl[n] = $4; if ($5 > rss) rss = $5 }
	END {
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && c[j - 1] > c[j]; j--) {
				x = c[j]; c[j] = c[j - 1]; c[j - 1] = x
				x = wl[j]; wl[j] = wl[j - 1]; wl[j - 1] = x
			}
		m = int((n + 1) / 2)
		printf "speed %s %s %s %d\n", t, c[m], wl[m], rss
	}' "$w/speed.rounds" >> "$res" || fail "cannot read $w/speed.rounds"
done
rm -f "$w/speed.rounds"

# 3. Memory: the synthetic stream.  Times are Unix seconds turned into
# RFC 3339 by the civil-from-days algorithm (POSIX awk has no strftime);
# 2025-01-06 is a Monday.
echo "$name: synthetic stream of $syn_tickets tickets" >&2
awk -v seed=20250106 -v n="$syn_tickets" -v start=1736121600 -v span=31536000 '
function civil(z,   era, doe, yoe, doy, mp) {
	z += 719468
	era = int(z / 146097)
	doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	cy = yoe + era * 400
	doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153)
	cd = doy - int((153 * mp + 2) / 5) + 1
	cm = mp < 10 ? mp + 3 : mp - 9
	if (cm <= 2)
		cy++
}
BEGIN {
	srand(seed)
	nk = split("billing login checkout api mobile export shipping security reports search", key, " ")
	nw = split("cannot open page error payment invoice refund order password reset account app crash slow " \
		"report export file upload download sync email phone card charge twice missing update version " \
		"browser timeout server webhook token access denied broken blank screen button click " \
		"delivery tracking parcel late cancel plan price seat team admin invite link expired code", word, " ")
	gap = span / n
	t = start
	lastday = -1
	for (i = 1; i <= n; i++) {
		t += -log(1 - rand()) * gap
		s = int(t)
		day = int(s / 86400)
		if (day != lastday) {
			civil(day)
			date = sprintf("%04d-%02d-%02dT", cy, cm, cd)
			lastday = day
		}
		r = s - day * 86400
		subj = word[1 + int(nw * rand() * rand())] " " word[1 + int(nw * rand())] " " word[1 + int(nw * rand())]
		body = word[1 + int(nw * rand())]
		for (j = 0; j < 7; j++)
			body = body " " word[1 + int(nw * rand() * rand())]
		printf "{\"id\":\"S-%07d\",\"created_at\":\"%s%02d:%02d:%02dZ\",\"product\":\"%s\",\"customer\":{\"id\":\"C-%04d\"},\"subject\":\"%s\",\"body\":\"%s.\"}\n",
			i, date, int(r / 3600), int(r % 3600 / 60), r % 60, key[1 + int(nk * rand())],
			int(5000 * rand()), subj, body
	}
}' > "$syn.part" || fail "cannot write $syn.part"
mv "$syn.part" "$syn" || fail "cannot write $syn"
lines_ok "$syn" "$syn_tickets" "the stream generator"
head -n "$syn_small" "$syn" > "$syn_head" || fail "cannot write $syn_head"
syn_first=$(head -n 1 "$syn" | jq -r .created_at) || fail "cannot read $syn"
syn_last=$(tail -n 1 "$syn" | jq -r .created_at) || fail "cannot read $syn"
syn_keys=$(jq -r .product "$syn_head" | sort -u | wc -l) || fail "cannot read $syn_head"
syn_mb=$(wc -c < "$syn")
for f in "$w/syn.big" "$w/syn.small"; do
	: > "$f" || fail "cannot write $f"
done
for round in 1 2 3; do
	echo "$name: synthetic stream, round $round of 3" >&2
	run "$w/syn.small" -o "$w/syn-100k.alerts" -- "$tk" -k product "$syn_head"
	run "$w/syn.big" -o "$w/syn-1m.alerts" -- "$tk" -k product "$syn"
done
# Without --scores tk-anomaly writes alerts only.
for f in syn-100k syn-1m; do
	n=$(wc -l < "$w/$f.alerts")
	k=$(grep -c '^{"type":"alert",' "$w/$f.alerts")
	[ "$n" -eq "$k" ] || fail "tk-anomaly wrote $((n - k)) lines that are not alerts on $f ($w/$f.alerts)"
	echo "alerts $f $n" >> "$res"
done
for f in small big; do
	s=$(summary "$w/syn.$f") || fail "cannot read $w/syn.$f"
	cpu=$(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^cpu=/) c[NR] = substr($i, 5) + 0 }
		END { for (i = 2; i <= NR; i++) for (j = i; j > 1 && c[j - 1] > c[j]; j--) {
			t = c[j]; c[j] = c[j - 1]; c[j - 1] = t }
		print NR % 2 ? c[(NR + 1) / 2] : (c[NR / 2] + c[NR / 2 + 1]) / 2 }' "$w/syn.$f") ||
		fail "cannot read $w/syn.$f"
	echo "syn $f ${s% *} ${s#* } $cpu" >> "$res"
done
rm -f "$syn" "$syn_head"

# 4. The sample.  Each run's alerts, one summary line each, go to
# $w/sample.KEY.alerts; stderr to $w/sample.KEY.err.
echo "$name: the sample" >&2
for key in all customer.tier channel; do
	out=$w/sample.$key
	what="tk-anomaly -k $key"
	if [ "$key" = all ]; then
		what="tk-anomaly"
		cat "$sample/history.jsonl" "$sample/today.jsonl" | "$tk" > "$out.out" 2> "$out.err"
	else
		cat "$sample/history.jsonl" "$sample/today.jsonl" | "$tk" -k "$key" > "$out.out" 2> "$out.err"
	fi
	st=$?
	[ "$st" -eq 0 ] || fail "$what failed on the sample (status $st): $(head -n 3 "$out.err")"
	# "alerts in-window with-e-4012 lines"
	s=$(jq -n -r --arg lo "$inc_lo" --arg hi "$inc_hi" '[inputs] as $l
		| [$l[] | select(.type == "alert")] as $a
		| [$a | length,
		   ([$a[] | select(.start < $hi and .end > $lo)] | length),
		   ([$a[] | select(any((.terms // [])[]; . == "e-4012"))] | length),
		   ($l | length)] | map(tostring) | join(" ")' "$out.out") ||
		fail "tk-anomaly's output on the sample is not JSON ($out.out)"
	echo "sample $key $s" >> "$res"
	jq -r 'select(.type == "alert") | "\(.key) \(.start)..\(.end) observed \(.observed) expected \(.expected) \(.severity) \(.kind) terms \((.terms // [])[:4] | join(","))"' \
		"$out.out" > "$out.alerts" || fail "cannot read $out.out"
done

awk -v nfiles="$#" -v points="$points" -v want_points="$nab_points" -v syn_n="$syn_tickets" \
	-v syn_small="$syn_small" -v syn_keys="$syn_keys" -v syn_first="$syn_first" -v syn_last="$syn_last" \
	-v syn_bytes="$syn_mb" -v inc_lo="$inc_lo" -v inc_hi="$inc_hi" -v w="$w" -v nproc="$nproc" \
	-v load0="$load_start" -v load1="$(loadavg)" '
function met(ok) { return ok ? "met" : "MISSED" }
function mb(kb) { return kb * 1024 / 1e6 }
function show(file,   line, n) {
	n = 0
	while ((getline line < file) > 0) {
		printf "   %s\n", line
		n++
	}
	close(file)
	if (!n)
		printf "   (none)\n"
}
$1 == "check" { cstatus = $2; cdiff = $3 }
$1 == "tk" { tstd = $2; tfp = $3; tfn = $4; thstd = $5; thfp = $6; thfn = $7 }
$1 == "tkl" { lstd = $2; lfp = $3; lfn = $4; lthstd = $5; lthfp = $6; lthfn = $7 }
$1 == "pub" { np++; pn[np] = $2; ps[np] = $3; pf[np] = $4; pl[np] = $5 }
$1 == "speed" { cpu[$2] = $3; wall[$2] = $4; srss[$2] = $5 }
$1 == "alerts" { salerts[$2] = $3 }
$1 == "syn" { swall[$2] = $3; smem[$2] = $4; scpu[$2] = $5 }
$1 == "sample" { sa[$2] = $3; sinw[$2] = $4; sterm[$2] = $5; slines[$2] = $6 }
END {
	# The scoreboard: the published detectors and tk-anomaly, by standard score.
	n = np + 2
	pn[n - 1] = "tk-anomaly --range"; ps[n - 1] = tstd; pf[n - 1] = tfp; pl[n - 1] = tfn
	pn[n] = "tk-anomaly"; ps[n] = lstd; pf[n] = lfp; pl[n] = lfn
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && ps[j - 1] + 0 < ps[j] + 0; j--) {
			t = pn[j]; pn[j] = pn[j - 1]; pn[j - 1] = t
			t = ps[j]; ps[j] = ps[j - 1]; ps[j - 1] = t
			t = pf[j]; pf[j] = pf[j - 1]; pf[j - 1] = t
			t = pl[j]; pl[j] = pl[j - 1]; pl[j - 1] = t
		}
	printf "NAB v1.1, %d series, %d points: tk-anomaly --series --scores (default settings) beside the published detectors;\n",
		nfiles, points
	printf "--range: each file'\''s least and greatest value, which NAB gives every detector (inputMin, inputMax)\n"
	printf "%-4s | %-20s | %8s | %18s | %18s\n", "rank", "detector", "standard", "reward_low_FP_rate",
		"reward_low_FN_rate"
	for (i = 1; i <= n; i++) {
		if (pn[i] !~ /^tk-anomaly/ && ps[i] + 0 > tstd + 0)
			above++
		printf "%-4s | %-20s | %8.2f | %18.2f | %18.2f%s\n", i, (pn[i] ~ /^tk-anomaly/ ? "> " : "") pn[i],
			ps[i], pf[i], pl[i], pn[i] ~ /^tk-anomaly/ ? "  <- this run" : ""
	}
	printf "published: scoring/final_results.json; tk-anomaly: nab-score.py, one threshold for the corpus per profile: "
	printf "%s (standard), %s (low FP), %s (low FN); without --range %s, %s, %s\n", thstd, thfp, thfn, lthstd,
		lthfp, lthfn
	printf "scorer check (nab-score.py --check, the published scoreboard from the stored raw totals): largest difference %s: %s\n",
		cdiff, cstatus == 0 ? "ok" : "FAILED, the scores above are suspect"

	printf "\n"
	printf "%-42s | %7s | %7s | %10s | %7s\n", "58 NAB series, one process per file", "cpu s", "wall s",
		"points/s", "RSS MB"
	printf "%-42s | %7.3f | %7.3f | %10.0f | %7.1f\n", "tk-anomaly --series --scores FILE", cpu["tk"], wall["tk"],
		points / cpu["tk"], mb(srss["tk"])
	printf "%-42s | %7.3f | %7.3f | %10.0f | %7.1f\n", "jq -c . FILE", cpu["jq"], wall["jq"],
		points / cpu["jq"], mb(srss["jq"])
	printf "cpu: user + sys summed over the %d processes, the median of 3 rounds (tools taking turns file by file, writing to /dev/null);\n",
		nfiles
	printf "wall: that round'\''s sum; points/s: per CPU second; RSS: the largest process\n"

	printf "\n"
	printf "%-42s | %7s | %7s | %7s | %9s | %7s\n", "synthetic stream, tk-anomaly -k product", "tickets", "wall s",
		"cpu s", "tickets/s", "RSS MB"
	printf "%-42s | %7d | %7.2f | %7.2f | %9.0f | %7.1f\n", "first " syn_small " tickets", syn_small,
		swall["small"], scpu["small"], syn_small / swall["small"], mb(smem["small"])
	printf "%-42s | %7d | %7.2f | %7.2f | %9.0f | %7.1f\n", "whole stream", syn_n, swall["big"], scpu["big"],
		syn_n / swall["big"], mb(smem["big"])
	printf "stream: %d tickets, %s .. %s, %.0f MB, %d values of product, Poisson arrivals, no incident;\n",
		syn_n, syn_first, syn_last, syn_bytes / 1e6, syn_keys
	printf "median of 3 runs each, reading the file, alerts to a file; tickets/s: per wall second; RSS: peak\n"
	printf "alerts raised on it (false alarms, for reference): %d on the first %d tickets, %d on all %d\n",
		salerts["syn-100k"], syn_small, salerts["syn-1m"], syn_n

	printf "\n"
	printf "the sample: cat testdata/sample/history.jsonl testdata/sample/today.jsonl | tk-anomaly; incident %s .. %s\n",
		inc_lo, inc_hi
	split("all customer.tier channel", keys, " ")
	for (i = 1; i <= 3; i++) {
		k = keys[i]
		printf "%s: %d alert%s\n", k == "all" ? "tk-anomaly" : "tk-anomaly -k " k, sa[k], sa[k] == 1 ? "" : "s"
		show(w "/sample." k ".alerts")
		if ((getline line < (w "/sample." k ".err")) > 0) {
			close(w "/sample." k ".err")
			printf "  and on stderr:\n"
			show(w "/sample." k ".err")
		}
	}
	printf "the alert of tk-anomaly (no -k), as written:\n"
	show(w "/sample.all.out")

	printf "\ntargets:\n"
	printf "1. NAB standard score >= 60 (--range, as NAB runs detectors): %.2f (rank %d of %d with the published detectors): %s; aim above 70: %s\n",
		tstd, above + 1, n - 1, met(tstd >= 60), (tstd > 70 ? "reached" : "not reached")
	printf "   reward_low_FP_rate %.2f, reward_low_FN_rate %.2f (reported, no target); without --range: %.2f, %.2f, %.2f\n",
		tfp, tfn, lstd, lfp, lfn
	printf "2. CPU time on the %d series below jq'\''s: tk-anomaly %.3f s vs jq %.3f s, ratio %.2f: %s\n",
		nfiles, cpu["tk"], cpu["jq"], (cpu["jq"] > 0 ? cpu["tk"] / cpu["jq"] : 0), met(cpu["tk"] < cpu["jq"])
	printf "   points: %d (NAB v1.1 has %d)%s\n", points, want_points,
		points == want_points ? "" : ": NOT the corpus the published scores are for"
	# Within 10%, or 0.5 MB: the peak of a 3 MB process moves by 0.1 or 0.2 MB from run to run.
	slack = 0.1 * smem["small"] > 500 ? 0.1 * smem["small"] : 500
	printf "3. constant memory: peak RSS %.1f MB on %d tickets, %.1f MB on %d, %d keys (within 10%% or 0.5 MB): %s; %.0f tickets/s\n",
		mb(smem["small"]), syn_small, mb(smem["big"]), syn_n, syn_keys, met(smem["big"] <= smem["small"] + slack),
		syn_n / swall["big"]
	ok = sa["all"] == 1 && sinw["all"] == 1 && sterm["all"] == 1
	printf "4. the sample: exactly one alert, its window overlapping %s .. %s, terms with e-4012: %d alert%s, %d in the incident, %d with e-4012: %s\n",
		inc_lo, inc_hi, sa["all"], sa["all"] == 1 ? "" : "s", sinw["all"], sterm["all"], met(ok)
	for (i = 2; i <= 3; i++) {
		k = keys[i]
		printf "4. -k %s: every alert in the incident hours (and at least one): %d of %d: %s\n", k, sinw[k], sa[k],
			met(sa[k] >= 1 && sinw[k] == sa[k])
	}
	printf "nproc = %s; load average %s at start, %s at end; figures vary with load on the machine\n",
		nproc, load0, load1
}' "$res"

#!/bin/sh
# Clusters: tk-cluster beside scikit-learn's k-means on BANKING77, its fit
# and its stream assignment at scale, and the clusters it names.
#
# Targets (issue 5):
#   1. quality and speed on the BANKING77 test split (3,080 texts, 77
#      intents): `tk-cluster -k 77 --seed S` for S = 1, 2, 3 beside the
#      peer, peer-kmeans.py, for random_state 0, 1, 2: scikit-learn TF-IDF
#      of word 1-2-grams + char_wb 2-5-grams (sublinear tf, min_df 2), the
#      two blocks side by side and each row scaled to unit length,
#      KMeans(n_clusters=77, n_init=10).  Both are scored by peer-kmeans.py
#      (sklearn.metrics normalized_mutual_info_score and
#      adjusted_rand_score) against the gold "label", which tk-cluster
#      ignores (it clusters "text").  The mean over the three seeds must be
#      NMI >= 0.70 and ARI >= 0.35, and tk-cluster's mean wall time per run
#      at most a tenth of the peer's.
#   2. scale: a stream of 1,000,000 tickets (the train and test splits of
#      banking77 and it_ticket_assignment, their texts repeated with noise:
#      in each line one random word dropped, swapped with its neighbour or
#      replaced by a word of another line, by awk with a fixed seed; built
#      in $BENCH_TMP at run time and removed at the end).
#      `tk-cluster -k 100` on its first 30,000 and 100,000 tickets and on
#      all 1,000,000 gives the wall time and the peak RSS; tk-cluster fits
#      at most --sample tickets (100,000 by default) and assigns the rest,
#      so the 1,000,000-ticket run fits 100,000 and assigns 900,000.  No
#      target; the figures are stated.
#      Then `tk-cluster -m` with the largest fit's saved clusters (-s)
#      assigns the first 100,000 and all 1,000,000 tickets: at least
#      100,000 tickets/s on 1,000,000 (wall time, model loading included,
#      tk-cluster's default threads; -j 1 is shown beside it),
#      and constant memory (peak RSS on 1,000,000 within 10% of that on
#      100,000).
#   3. readable terms: the first 20 clusters of
#      `tk-cluster -k 77 --summary` on the BANKING77 test split, each with
#      its size, its terms and, for reference, the most common gold label
#      among its tickets and that label's share (from the tickets' output
#      of the same fit, seed 1, the default: the bench checks that the
#      two agree).  No target: read them.
# A missed target is reported, not an error; a tool that fails or whose
# output is not sane (one line per ticket, each with .cluster.id) is an
# error.
#
# Times are whole-process wall (and CPU) times from $BENCH_MEASURE, the
# peer's too (Python's start-up and the reading of the file included);
# peer-kmeans.py also prints its own vectorise + fit time, which is given
# for reference.  scikit-learn's KMeans uses every processor (OpenMP);
# tk-cluster fits on one and assigns (-m) on every processor (its -j
# default), and is also timed on one (-j 1).  MB is 10^6 bytes.  tk-cluster runs from a copy of bin/
# taken at the start.  /usr/bin/python3 with scikit-learn runs the peer and
# the scorer (installed with apt-get when we run as root); jq reads JSON.
#
# Run by tests/bench/run.sh, which sets the BENCH_* variables.

set -u

: "${BENCH_ROOT:?run me through tests/bench/run.sh}" "${BENCH_TMP:?}" "${BENCH_MEASURE:?}"
: "${BENCH_DATA:?}"

name="bench-cluster"
bench=$BENCH_ROOT/tests/bench
bin=$BENCH_ROOT/bin
test=$BENCH_DATA/banking77/test.jsonl
k_gold=77
# The seeds, "peer,tk" pairs: the two take turns.
seed_pairs="0,1 1,2 2,3"
# The scale runs.
scale_sets="banking77 it_ticket_assignment"
scale_k=100
big_n=1000000
mid_n=100000
small_n=30000
# The 1,000,000-ticket fit runs only if it promises to end within this.
# The Debian python, which has scikit-learn (python3 on PATH may not).
py=/usr/bin/python3
w=$BENCH_TMP/$name
res=$w/results

for f in "$test" "$BENCH_DATA/banking77/train.jsonl" "$BENCH_DATA/it_ticket_assignment/train.jsonl" \
	"$BENCH_DATA/it_ticket_assignment/test.jsonl"; do
	if [ ! -r "$f" ]; then
		echo "skip: $name: $f not found"
		exit 0
	fi
done

fail() {
	echo "$name: $*" >&2
	exit 1
}
# shellcheck disable=SC1091
. "$BENCH_ROOT/tests/bench/lib.sh"

[ -x "$bin/tk-cluster" ] || fail "$bin/tk-cluster not built (run make)"
# The peer and the scorer, and jq, are not build dependencies: install
# them when we can.
have_sk() { [ -x "$py" ] && "$py" -c 'import sklearn, scipy' > /dev/null 2>&1; }
if ! have_sk; then
	apt_install python3-sklearn
	have_sk || fail "$py has no scikit-learn, which scores the clusters (apt-get install python3-sklearn, as root)"
fi
need_jq

copy_tools "$w/bin" tk-cluster
tk=$w/bin/tk-cluster

big=$w/scale-1m.jsonl
mid=$w/scale-100k.jsonl
small=$w/scale-30k.jsonl
# The scale inputs and outputs are hundreds of MB: never leave them behind.
trap 'rm -f "$big" "$big.part" "$mid" "$small" "$w"/*.clusters "$w"/fit-*.out "$w"/assign-*.out "$w"/assign1-*.out "$w/unit.txt"' EXIT
trap 'exit 1' HUP INT TERM
: > "$res" || fail "cannot write $res"

load_start=$(loadavg)
nproc=$(nproc 2> /dev/null || getconf _NPROCESSORS_ONLN)
ntest=$(wc -l < "$test") || fail "cannot read $test"

# mfield NAME LINE: the value of NAME=... in a measure line.
mfield() {
	printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

# measure1 OUT ARGS: run measure once with ARGS and put its line in the
# variable m; OUT gets the line too.
measure1() {
	m_out=$1
	shift
	: > "$m_out" || fail "cannot write $m_out"
	run "$m_out" "$@"
	m=$(cat "$m_out")
}

# 1. Quality and speed on BANKING77: the peer and tk-cluster take turns,
# so that a burst of load elsewhere on the machine falls on both.
for pair in $seed_pairs; do
	ps=${pair%,*}
	ts=${pair#*,}
	echo "$name: banking77, peer random_state $ps, tk-cluster --seed $ts" >&2
	measure1 "$w/peer.$ps.m" -o "$w/peer.$ps.out" -- "$py" "$bench/peer-kmeans.py" "$test" "$ps"
	s=$(cat "$w/peer.$ps.out")
	# Splitting the figures into words is intended, here and below.
	# shellcheck disable=SC2086
	set -- $s
	[ "$#" -eq 3 ] || fail "peer-kmeans.py printed '$s'"
	echo "q peer $ps $1 $2 $(mfield wall "$m") $(mfield cpu "$m") $3" >> "$res"

	measure1 "$w/tk.$ts.m" -o "$w/tk.$ts.out" -- "$tk" -k "$k_gold" --seed "$ts" "$test"
	lines_ok "$w/tk.$ts.out" "$ntest" "tk-cluster -k $k_gold --seed $ts"
	s=$("$py" "$bench/peer-kmeans.py" --score "$w/tk.$ts.out") || fail "cannot score $w/tk.$ts.out"
	# shellcheck disable=SC2086
	set -- $s
	[ "$#" -eq 2 ] || fail "peer-kmeans.py --score printed '$s'"
	echo "q tk $ts $1 $2 $(mfield wall "$m") $(mfield cpu "$m")" >> "$res"
done

# 3 (its runs, here while the BANKING77 files are at hand). The summary of
# the default fit and the gold labels of the same fit's tickets (seed 1).
echo "$name: banking77, --summary" >&2
"$tk" -k "$k_gold" --summary "$test" > "$w/summary.out" || fail "tk-cluster --summary failed"
jq -r '"\(.cluster) \(.size) \(.terms | join(","))"' "$w/summary.out" > "$w/summary.txt" ||
	fail "cannot read tk-cluster's summary ($w/summary.out)"
"$tk" -k "$k_gold" "$test" > "$w/summary.tickets" || fail "tk-cluster -k $k_gold failed"
lines_ok "$w/summary.tickets" "$ntest" "tk-cluster -k $k_gold"
"$py" "$bench/peer-kmeans.py" --top-labels "$w/summary.tickets" > "$w/summary.labels" ||
	fail "cannot read $w/summary.tickets"

# 2. Scale.  The texts of the scale sets as JSON strings, one a line, then
# repeated with noise up to big_n lines.
echo "$name: building $big_n tickets" >&2
for d in $scale_sets; do
	cat "$BENCH_DATA/$d/train.jsonl" "$BENCH_DATA/$d/test.jsonl" || exit 1
done | jq -c '.text' > "$w/unit.txt" || fail "cannot write $w/unit.txt"
unit_n=$(wc -l < "$w/unit.txt")
awk -v seed=20250105 -v n="$big_n" '
BEGIN { srand(seed) }
{ u[NR] = substr($0, 2, length($0) - 2) }
END {
	m = NR
	for (i = 1; i <= n; i++) {
		# The JSON escapes hold no space: splitting at spaces keeps them whole.
		s = u[(i - 1) % m + 1]
		nw = split(s, w, " ")
		if (nw >= 2) {
			j = 1 + int(nw * rand())
			r = rand()
			if (r < 1 / 3)
				w[j] = ""
			else if (r < 2 / 3) {
				o = j < nw ? j + 1 : j - 1
				t = w[j]; w[j] = w[o]; w[o] = t
			} else {
				nv = split(u[1 + int(m * rand())], v, " ")
				w[j] = v[1 + int(nv * rand())]
			}
			s = ""
			for (x = 1; x <= nw; x++)
				if (w[x] != "")
					s = s == "" ? w[x] : s " " w[x]
		}
		printf "{\"id\":\"N-%07d\",\"text\":\"%s\"}\n", i, s
	}
}' "$w/unit.txt" > "$big.part" || fail "cannot write $big.part"
mv "$big.part" "$big" || fail "cannot write $big"
lines_ok "$big" "$big_n" "the ticket generator"
head -n "$mid_n" "$big" > "$mid" || fail "cannot write $mid"
head -n "$small_n" "$big" > "$small" || fail "cannot write $small"
big_bytes=$(wc -c < "$big")

# fit N FILE: fit k clusters to FILE (N tickets), saving them.
fit() {
	echo "$name: fitting $1 tickets" >&2
	measure1 "$w/fit.$1.m" -o "$w/fit-$1.out" -- "$tk" -k "$scale_k" -s "$w/fit-$1.clusters" "$2"
	lines_ok "$w/fit-$1.out" "$1" "tk-cluster -k $scale_k"
	rm -f "$w/fit-$1.out"
	echo "fit $1 $(mfield wall "$m") $(mfield cpu "$m") $(mfield maxrss_kb "$m") $(wc -c < "$w/fit-$1.clusters")" >> "$res"
	fit_wall=$(mfield wall "$m")
}
fit "$small_n" "$small"
rm -f "$w/fit-$small_n.clusters"
fit "$mid_n" "$mid"
model=$w/fit-$mid_n.clusters
model_n=$mid_n
# The whole stream: fitted on a sample of 100,000 (tk-cluster's default --sample), the rest assigned.
fit "$big_n" "$big"
model=$w/fit-$big_n.clusters
model_n=$big_n

# Assignment: the start-up (loading the clusters) on one ticket, then
# 100,000 and 1,000,000 tickets, on tk-cluster's default threads (one per
# processor); and 1,000,000 again on one thread (-j 1), whose output must
# be byte for byte the same.
# assign TAG N FILE [OPTION...]: assign the tickets of FILE (N of them).
assign() {
	tag=$1 an=$2 af=$3
	shift 3
	echo "$name: assigning $an tickets $*" >&2
	measure1 "$w/$tag.$an.m" -o "$w/$tag-$an.out" -- "$tk" -m "$model" "$@" "$af"
	lines_ok "$w/$tag-$an.out" "$an" "tk-cluster -m $*"
	new=$(grep -c '"cluster":{"id":"new"' "$w/$tag-$an.out")
	echo "$tag $an $(mfield wall "$m") $(mfield cpu "$m") $(mfield maxrss_kb "$m") $new" >> "$res"
}
head -n 1 "$big" > "$w/one.jsonl" || fail "cannot write $w/one.jsonl"
assign assign 1 "$w/one.jsonl"
assign assign "$mid_n" "$mid"
assign assign "$big_n" "$big"
assign assign1 "$big_n" "$big" -j 1
cmp -s "$w/assign-$big_n.out" "$w/assign1-$big_n.out" ||
	fail "tk-cluster -m: the output on one thread (-j 1) differs from the output on $nproc"
rm -f "$w"/assign-*.out "$w"/assign1-*.out
rm -f "$big" "$mid" "$small" "$w"/*.clusters

awk -v ntest="$ntest" -v k="$k_gold" -v scale_k="$scale_k" -v big_n="$big_n" -v mid_n="$mid_n" \
	-v small_n="$small_n" -v unit_n="$unit_n" -v big_bytes="$big_bytes" -v model_n="$model_n" \
	-v sumtxt="$w/summary.txt" -v sumlab="$w/summary.labels" \
	-v nproc="$nproc" -v load0="$load_start" -v load1="$(loadavg)" '
function met(ok) { return ok ? "met" : "MISSED" }
function mb(kb) { return kb * 1024 / 1e6 }
$1 == "q" {
	t = $2; n[t]++
	seed[t, n[t]] = $3; nmi[t, n[t]] = $4; ari[t, n[t]] = $5; wall[t, n[t]] = $6; cpu[t, n[t]] = $7
	if (t == "peer") fitsec[n[t]] = $8
	snmi[t] += $4; sari[t] += $5; swall[t] += $6; scpu[t] += $7
}
$1 == "fit" { fwall[$2] = $3; fcpu[$2] = $4; frss[$2] = $5; fbytes[$2] = $6 }
$1 == "assign" { awall[$2] = $3; acpu[$2] = $4; arss[$2] = $5; anew[$2] = $6 }
$1 == "assign1" { a1wall = $3; a1cpu = $4; a1rss = $5 }
END {
	for (t in n) {
		mnmi[t] = snmi[t] / n[t]; mari[t] = sari[t] / n[t]
		mwall[t] = swall[t] / n[t]; mcpu[t] = scpu[t] / n[t]
	}
	ratio = mwall["peer"] / mwall["tk"]
	printf "tk-cluster against scikit-learn k-means, BANKING77 test (%d texts, %d gold intents, k = %d)\n", ntest, k, k
	printf "%-40s | %7s | %7s | %10s | %9s | %8s\n", "tool (3 seeds)", "NMI", "ARI", "wall s/run",
		"cpu s/run", "speed-up"
	printf "%-40s | %7.4f | %7.4f | %10.2f | %9.2f | %8s\n", "scikit-learn TF-IDF + KMeans(n_init=10)",
		mnmi["peer"], mari["peer"], mwall["peer"], mcpu["peer"], "1"
	printf "%-40s | %7.4f | %7.4f | %10.2f | %9.2f | %7.1fx\n", "tk-cluster -k " k, mnmi["tk"], mari["tk"],
		mwall["tk"], mcpu["tk"], ratio
	printf "means of 3 runs; NMI, ARI: sklearn.metrics against the gold labels (peer-kmeans.py scores both);\n"
	printf "wall, cpu: the whole process (measure); speed-up: the peer'\''s mean wall time over the tool'\''s\n"
	printf "per run (seed: NMI ARI wall s):"
	for (i = 1; i <= n["peer"]; i++)
		printf "%s random_state %s: %.4f %.4f %.2f (vectorise + fit %.2f)", (i > 1 ? ";" : " scikit-learn"),
			seed["peer", i], nmi["peer", i], ari["peer", i], wall["peer", i], fitsec[i]
	printf "\n                               "
	for (i = 1; i <= n["tk"]; i++)
		printf "%s --seed %s: %.4f %.4f %.2f", (i > 1 ? ";" : " tk-cluster"), seed["tk", i], nmi["tk", i],
			ari["tk", i], wall["tk", i]
	printf "\n"

	printf "\n"
	printf "scale: %d tickets (%.0f MB), the %d texts of banking77 + it_ticket_assignment train+test repeated,\n",
		big_n, big_bytes / 1e6, unit_n
	printf "each line with one random word dropped, swapped with its neighbour or replaced; tk-cluster -k %d\n", scale_k
	printf "%-30s | %9s | %8s | %8s | %9s | %8s | %9s\n", "run", "tickets", "wall s", "cpu s", "tickets/s",
		"RSS MB", "MB/1000"
	split(small_n " " mid_n " " big_n, sizes, " ")
	for (i = 1; i <= 3; i++) {
		s = sizes[i]
		printf "%-30s | %9d | %8.2f | %8.2f | %9.0f | %8.1f | %9.2f\n", "fit (-k " scale_k " -s)", s, fwall[s],
			fcpu[s], s / fwall[s], mb(frss[s]), mb(frss[s]) / (s / 1000)
	}
	printf "%-30s | %9d | %8.2f | %8.2f | %9s | %8.1f | %9s\n", "assign (-m), start-up", 1, awall[1], acpu[1],
		"-", mb(arss[1]), "-"
	for (i = 2; i <= 3; i++) {
		s = sizes[i]
		printf "%-30s | %9d | %8.2f | %8.2f | %9.0f | %8.1f | %9s\n", "assign (-m)", s, awall[s], acpu[s],
			s / awall[s], mb(arss[s]), "-"
	}
	printf "%-30s | %9d | %8.2f | %8.2f | %9.0f | %8.1f | %9s\n", "assign (-m -j 1)", big_n, a1wall, a1cpu,
		big_n / a1wall, mb(a1rss), "-"
	printf "each run once, reading a file, output to a file (checked: one line per ticket); MB/1000: peak RSS per 1,000 tickets;\n"
	printf "assign: the clusters fitted to the first %d tickets (-s); its file %.1f MB; the 1-ticket run is the start-up\n",
		model_n, fbytes[model_n] / 1e6
	printf "(loading the clusters); tickets assigned \"new\" (below 0.2): %d of %d, %d of %d\n", anew[mid_n], mid_n,
		anew[big_n], big_n
	printf "assign (-m) runs on one thread per processor (%d), -m -j 1 on one; their outputs are byte-identical (checked)\n",
		nproc
	printf "fitting: up to %d tickets all are fitted; the %d-ticket run fits a sample of %d (--sample) and assigns the rest\n",
		mid_n, big_n, mid_n

	printf "\n"
	printf "the clusters of tk-cluster -k %d --summary on BANKING77 test, the first 20 (by size), with the most common\n", k
	printf "gold label of each (from the tickets'\'' output of the same fit; not seen by tk-cluster)\n"
	printf "%-7s | %4s | %-44s | %s\n", "cluster", "size", "most common gold label (share)", "terms"
	while ((getline line < sumlab) > 0) {
		split(line, f, " ")
		lsize[f[1]] = f[2]; lname[f[1]] = f[3]; lshare[f[1]] = f[4]
	}
	close(sumlab)
	nsum = 0; agree = 1; shown = 0
	while ((getline line < sumtxt) > 0) {
		split(line, f, " ")
		nsum++
		if (lsize[f[1]] != f[2])
			agree = 0
		if (shown < 20) {
			printf "%-7s | %4d | %-44s | %s\n", f[1], f[2], lname[f[1]] " (" lshare[f[1]] ")", f[3]
			shown++
		}
	}
	close(sumtxt)
	printf "%d clusters in the summary; its sizes %s the tickets'\'' output\n", nsum,
		agree ? "agree with" : "DO NOT agree with (the two runs clustered differently)"

	printf "\ntargets:\n"
	printf "1. NMI >= 0.70 (mean of 3 seeds): tk-cluster %.4f (scikit-learn %.4f): %s\n", mnmi["tk"], mnmi["peer"],
		met(mnmi["tk"] >= 0.70)
	printf "1. ARI >= 0.35 (mean of 3 seeds): tk-cluster %.4f (scikit-learn %.4f): %s\n", mari["tk"], mari["peer"],
		met(mari["tk"] >= 0.35)
	printf "1. at least 10x faster than scikit-learn: %.2f s vs %.2f s per run, %.1fx: %s\n", mwall["tk"],
		mwall["peer"], ratio, met(ratio >= 10)
	printf "2. %d tickets clustered in bounded memory: %.0f s, peak RSS %.1f MB (%.1f MB for %d tickets): %s\n", big_n,
		fwall[big_n], mb(frss[big_n]), mb(frss[mid_n]), mid_n, met(frss[big_n] <= 2 * frss[mid_n])
	printf "2. assign >= 100,000 tickets/s on %d tickets: %.0f tickets/s (%.0f without the %.2f s start-up): %s\n",
		big_n, big_n / awall[big_n], big_n / (awall[big_n] - awall[1]), awall[1], met(big_n / awall[big_n] >= 100000)
	printf "2. constant memory: assign peak RSS %.1f MB on %d tickets, %.1f MB on %d (within 10%%): %s\n",
		mb(arss[mid_n]), mid_n, mb(arss[big_n]), big_n, met(arss[big_n] <= 1.1 * arss[mid_n])
	printf "nproc = %s (scikit-learn KMeans: every processor; tk-cluster: one to fit, every processor to assign); ", nproc
	printf "load average %s at start, %s at end; figures vary with load on the machine\n", load0, load1
}' "$res"

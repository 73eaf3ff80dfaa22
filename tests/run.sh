#!/bin/sh
# make check: run every suite - the C unit tests, the golden files, the
# property checks, the documentation checks, the sample data checks, the
# fuzz regressions, the hostile inputs - print their TAP, and end with a
# summary.  Exit 1 when anything failed.  "run.sh hardening" (make
# hardening) runs the slow fault and hostile-input tests in full instead;
# "run.sh integration" (make integration) the workflow scripts, the
# README's export recipes, merging models, the tools under GNU parallel and
# make install.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
log=$(mktemp "${TMPDIR:-/tmp}/tk-check.XXXXXX") || exit 2
trap 'rm -f "$log" "$log.status"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
failed_suites=
unit=

# TK_VALGRIND=1 (make check VALGRIND=1): every tool and unit test runs under
# valgrind's memcheck, through wrappers put first as TK_BIN.  Its reports go
# to a log per process, and a last test says whether any of them was not clean.
if [ -n "${TK_VALGRIND:-}" ]; then
	command -v valgrind > /dev/null || { echo "make check VALGRIND=1: valgrind is missing (apt-get install valgrind)" >&2; exit 2; }
	vg=$(mktemp -d "${TMPDIR:-/tmp}/tk-valgrind.XXXXXX") || exit 2
	trap 'rm -f "$log" "$log.status"; rm -rf "$vg"' EXIT
	mkdir "$vg/bin" "$vg/log"
	# valgrind by its full path: some tests run the tools with a PATH of their own.
	unit="$(command -v valgrind) -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect
		--errors-for-leak-kinds=definite,indirect --log-file=$vg/log/%p.log"
	for exe in "$top"/bin/tk "$top"/bin/tk-*; do
		printf '#!/bin/sh\nexec %s "%s" "$@"\n' "$(echo $unit)" "$exe" > "$vg/bin/${exe##*/}"
		chmod +x "$vg/bin/${exe##*/}"
	done
	# Valgrind cannot see into pcre2's JIT code: run the interpreter, which it can.
	# TK_WRAP: for suites that run test programs of their own (the fuzz replays).
	export TK_BIN="$vg/bin" TK_NO_JIT=1 TK_WRAP="$unit"
fi

# The C unit tests, one suite: each program's TAP under its name.
unit_tests() {
	unit_status=0
	for t in "$top"/tests/unit/test-*; do
		case $t in *.c | *.o | *.d | *.part*) continue ;; esac
		[ -x "$t" ] || continue
		echo "# unit/${t##*/}"
		$unit "$t" || unit_status=1
	done
	return $unit_status
}

suite() {
	name=$1
	shift
	# TK_SUITES (make check SUITES="golden unit ..."): only these.
	case " ${TK_SUITES:-$name} " in *" $name "*) ;; *) return ;; esac
	echo "# $name"
	# The suite's own status, not tee's: POSIX sh has no pipefail.
	{ "$@" 2>&1; echo $? > "$log.status"; } | tee -a "$log"
	[ "$(cat "$log.status")" = 0 ] || failed_suites="$failed_suites $name"
	timing="$timing $name:$(($(date +%s) - started))s"
	started=$(date +%s)
}
started=$(date +%s)
timing=

if [ "${1:-}" = integration ]; then
	# make integration: the workflow scripts of tk-workflows(7) and the
	# README's export recipes on the sample data, merging models trained on
	# shards, the tools under GNU parallel, and make install.
	suite workflows sh "$top/tests/workflows.sh"
	suite merge sh "$top/tests/merge.sh"
	suite parallel sh "$top/tests/parallel.sh"
	suite install sh "$top/tests/install.sh"
elif [ "${1:-}" = hardening ]; then
	# make hardening: the slow fault and hostile-input tests, and a model
	# damaged at every byte.
	export TK_FAULTS_FULL=1 HOSTILE_FULL=1
	suite faults sh "$top/tests/faults.sh"
	suite models sh "$top/tests/model.sh"
	suite hostile sh "$top/tests/hostile.sh"
else
	suite unit unit_tests
	suite golden sh "$top/tests/golden.sh"
	suite properties sh "$top/tests/props.sh"
	suite docs sh "$top/tests/docs.sh"
	suite sample sh "$top/tests/sample.sh"
	suite route sh "$top/tests/route.sh"
	suite anomaly sh "$top/tests/anomaly.sh"
	suite cluster sh "$top/tests/cluster.sh"
	suite fuzz-regress sh "$top/tests/fuzz/replay.sh"
	suite models sh "$top/tests/model.sh"
	suite hostile sh "$top/tests/hostile.sh"
fi

if [ -n "${TK_VALGRIND:-}" ]; then
	# Any log with something in it is a report: show the first ones.
	bad=$(find "$vg/log" -type f -size +0 | wc -l)
	runs=$(find "$vg/log" -type f | wc -l)
	if [ "$bad" -eq 0 ]; then
		echo "ok - valgrind: $runs processes, no errors and no leaks" | tee -a "$log"
	else
		echo "not ok - valgrind: $bad of $runs processes reported errors or leaks" | tee -a "$log"
		find "$vg/log" -type f -size +0 | head -n 3 | xargs cat | head -n 60 | sed 's/^/#   /'
	fi
fi

echo "# seconds per suite:$timing"
passed=$(grep -c '^ok ' "$log")
notok=$(grep -c '^not ok ' "$log")
echo "# $passed passed, $notok failed"
if [ -n "$failed_suites" ] || [ "$notok" -gt 0 ]; then
	echo "# failing suites:$failed_suites"
	exit 1
fi

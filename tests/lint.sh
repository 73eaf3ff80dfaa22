#!/bin/sh
# make lint: static analysis of the library, the tools and the C tests with
# cppcheck and clang-tidy, at the settings recorded in the repository: the
# cppcheck options below with tests/cppcheck.supp, and .clang-tidy.  Both see
# the preprocessor flags the Makefile compiles with.  Prints each command it
# runs and every finding; exit 1 on any finding, 2 when a tool is missing.
# JOBS (default 2) is how many files clang-tidy works on at once; LINT_FILES
# (default: all of them) the files to check.
set -u
cd "$(dirname "$0")/.."

CPPCHECK=${CPPCHECK:-cppcheck}
CLANG_TIDY=${CLANG_TIDY:-clang-tidy}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
JOBS=${JOBS:-2}

missing=
command -v "$CPPCHECK" > /dev/null 2>&1 || missing="$missing cppcheck"
command -v "$CLANG_TIDY" > /dev/null 2>&1 || missing="$missing clang-tidy"
if [ -n "$missing" ]; then
	echo "lint: missing$missing; install with: sudo apt-get install$missing" >&2
	exit 2
fi
if ! pkg_cflags=$("$PKG_CONFIG" --cflags json-c libpcre2-8 2> /dev/null); then
	echo "lint: no json-c or pcre2 headers; install with:" \
		"sudo apt-get install pkg-config libjson-c-dev libpcre2-dev" >&2
	exit 2
fi

# The Makefile's TK_CPPFLAGS and language level.  Each word is one argument:
# the quotes in TK_VERSION reach the compiler and make the macro a string.
# cppcheck takes only the -I and -D ones.
tk_cppflags="-Ilib -Icmd -D_POSIX_C_SOURCE=200809L -DTK_VERSION=\"lint\""
flags="-std=c11 -pthread $tk_cppflags $pkg_cflags"
cppflags=$tk_cppflags
for w in $pkg_cflags; do
	case $w in -I* | -D*) cppflags="$cppflags $w" ;; esac
done
files=${LINT_FILES:-$(ls lib/*.c cmd/*.c tests/*.c tests/unit/*.c tests/bench/*.c)}
export CLANG_TIDY flags

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tk-lint.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM
status=0
start=$(date +%s)
echo "lint: $(echo "$files" | wc -l) files: lib/*.c cmd/*.c tests/*.c tests/unit/*.c tests/bench/*.c"

# cppcheck: the warning, performance and portability classes (the style class
# is clang-tidy's job); only the configuration the build uses (-D given).
echo "$CPPCHECK -q -j$JOBS --std=c11 --language=c --library=posix" \
	"--enable=warning,performance,portability" \
	"--suppressions-list=tests/cppcheck.supp --error-exitcode=1 $cppflags [files]"
# shellcheck disable=SC2086 # $cppflags and $files are lists of words
"$CPPCHECK" -q -j"$JOBS" --std=c11 --language=c --library=posix \
	--enable=warning,performance,portability \
	--suppressions-list=tests/cppcheck.supp --error-exitcode=1 \
	--template='{file}:{line}:{column}: {severity}: {message} [{id}]' \
	$cppflags $files || status=1

# clang-tidy: the checks in .clang-tidy, every warning an error.  One file a
# process, JOBS at a time, each into its own log so that reports do not mix.
echo "$CLANG_TIDY --quiet [file] -- $flags  (for each file, $JOBS at a time)"
# The largest files first, so that the jobs end together.
# shellcheck disable=SC2016 # expanded by the inner sh
ls -S $files | xargs -P "$JOBS" -n 1 sh -c '
	log=$0/$(echo "$1" | tr / _).log
	"$CLANG_TIDY" --quiet "$1" -- $flags > "$log" 2>&1 || { echo "$1" > "$log.failed"; }
' "$tmp"
for f in $files; do
	log=$tmp/$(echo "$f" | tr / _).log
	if [ -e "$log.failed" ]; then
		status=1
		# clang-tidy's count of the warnings it suppressed is not news.
		grep -v '^Suppressed [0-9]* warnings\|^Use -header-filter\|^[0-9]* warnings* generated\|^[0-9]* warnings* treated as error' "$log"
	elif [ ! -e "$log" ]; then
		echo "lint: clang-tidy did not run on $f" >&2
		status=1
	fi
done

echo "lint: $(($(date +%s) - start))s: $([ "$status" = 0 ] && echo clean || echo findings above)"
exit "$status"

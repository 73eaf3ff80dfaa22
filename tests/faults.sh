#!/bin/sh
# Faults under the tools (issue: hardening): a full disk, a closed pipe,
# kill -9 while a model or state file is written, two writers of one path,
# a memory limit, and inputs that cannot be read.  Each class is a named
# group of checks.  CONTRACT.md sections 5 and 6 say what must happen: a
# clear message and status 2, a quiet end on a closed pipe, and a previous
# file that is still whole and loads.
#
# TK_FAULTS_FULL=1 (make hardening) kills each writer at more moments.
# Prints TAP.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
bin=${TK_BIN:-$top/bin}
. "$top/tests/tap.sh"

hist=$top/testdata/sample/history.jsonl
today=$top/testdata/sample/today.jsonl
part=$tmp/part.jsonl
head -n 600 "$hist" > "$part"
if [ -n "${TK_FAULTS_FULL:-}" ]; then
	delays="0.01 0.02 0.03 0.05 0.07 0.09 0.11 0.14 0.17 0.2 0.25 0.3 0.4 0.5 0.7 1"
else
	delays="0.02 0.1"
fi

# What each tool needs to do real work, and a model for tk-classify.
"$bin/tk-train" -q -l team -o "$tmp/team.model" "$part"
result $? "setup: a team model from 600 sample tickets"
"$bin/tk-classify" -m "$tmp/team.model" "$today" > "$tmp/classified.jsonl"
args() {
	case $1 in
	tk-classify) echo "-m $tmp/team.model" ;;
	tk-eval) echo "-l team" ;;
	tk-train) echo "-l team -o -" ;;
	tk-anomaly) echo "--scores" ;;
	*) ;;
	esac
}
input() {
	case $1 in
	tk-eval) echo "$tmp/classified.jsonl" ;;
	tk-train) echo "$part" ;;
	*) echo "$today" ;;
	esac
}
tools="tk-tokenize tk-classify tk-sentiment tk-route tk-cluster tk-anomaly tk-eval tk-train"

# --- A full disk: standard output is /dev/full. ---------------------------
for t in $tools; do
	"$bin/$t" -q $(args $t) "$(input $t)" > /dev/full 2> "$tmp/err"
	st=$?
	{ echo "status $st"; cat "$tmp/err"; } > "$tmp/why"
	[ "$st" = 2 ] && grep -q "No space left on device" "$tmp/err"
	result $? "full disk: $t > /dev/full says so and exits 2"
done

# --- A full disk under a model or state file. ------------------------------
# Written in place when the path is a device: /dev/full stays a device.
"$bin/tk-train" -q -l team -o /dev/full "$part" 2> "$tmp/why"
[ $? = 2 ] && grep -q "/dev/full: cannot write: No space left on device" "$tmp/why" && [ -c /dev/full ]
result $? "full disk: tk-train -o /dev/full says so, exits 2 and leaves the device be"
"$bin/tk-cluster" -s /dev/full "$today" > /dev/null 2> "$tmp/why"
[ $? = 2 ] && grep -q "/dev/full: cannot write: No space left on device" "$tmp/why" && [ -c /dev/full ]
result $? "full disk: tk-cluster -s /dev/full says so and exits 2"
"$bin/tk-anomaly" --state /dev/full "$today" > /dev/null 2> "$tmp/why"
[ $? = 2 ] && grep -q "/dev/full: is a device, not a state file" "$tmp/why"
result $? "tk-anomaly --state /dev/full: a device is not a state file"

# A file size limit (ulimit -f, SIGXFSZ ignored) is a disk that fills up
# half way through the file: the write fails, the previous file stays.
"$bin/tk-cluster" -s "$tmp/old.tkc" "$today" > /dev/null &&
	"$bin/tk-anomaly" -q --state "$tmp/old.state" "$today" > /dev/null
result $? "setup: a clusters file and an anomaly state"
cp "$tmp/team.model" "$tmp/disk.model"
cp "$tmp/old.tkc" "$tmp/disk.tkc"
cp "$tmp/old.state" "$tmp/disk.state"
full() { (trap '' XFSZ; ulimit -f 64; "$@"); }
for w in "tk-train -q -l category -o $tmp/disk.model $part" \
	"tk-cluster -k 3 -s $tmp/disk.tkc $today" \
	"tk-anomaly -q --state $tmp/disk.state $hist"; do
	set -- $w
	tool=$1
	shift
	full "$bin/$tool" "$@" > /dev/null 2> "$tmp/err"
	st=$?
	{ echo "status $st"; cat "$tmp/err"; } > "$tmp/why"
	[ "$st" = 2 ] && grep -q "File too large" "$tmp/err"
	result $? "full disk: $tool writing its file past the limit says so and exits 2"
done
cmp -s "$tmp/disk.model" "$tmp/team.model" && cmp -s "$tmp/disk.tkc" "$tmp/old.tkc" &&
	cmp -s "$tmp/disk.state" "$tmp/old.state"
result $? "full disk: the previous model, clusters and state are untouched"
ls "$tmp" | grep '\.tmp\.' > "$tmp/why"
[ ! -s "$tmp/why" ]
result $? "full disk: no temporary file is left behind"

# A symbolic link to a model is followed: the model is replaced, the link stays.
mkdir "$tmp/models"
cp "$tmp/team.model" "$tmp/models/v1.model"
ln -s models/v1.model "$tmp/live.model"
"$bin/tk-train" -q -l category -o "$tmp/live.model" "$part" && [ -L "$tmp/live.model" ] &&
	! cmp -s "$tmp/models/v1.model" "$tmp/team.model"
result $? "a model path that is a symbolic link: the file it names is replaced"

# --- A closed pipe: the tool ends quietly. ---------------------------------
# (also when the caller ignores SIGPIPE: the tools restore it)
for t in $tools; do
	# More than a pipe's buffer of output; the batch tools write it all at the end.
	case $t in
	tk-train | tk-eval) continue ;;
	tk-cluster | tk-anomaly) in=$today ;;
	*) in="$hist $hist" ;;
	esac
	for how in default ignored; do
		if [ $how = ignored ]; then trap '' PIPE; fi
		{ "$bin/$t" -q $(args $t) $in 2> "$tmp/err"; echo $? > "$tmp/st"; } | head -n 1 > /dev/null
		trap - PIPE
		st=$(cat "$tmp/st")
		{ echo "status $st"; cat "$tmp/err"; } > "$tmp/why"
		# 141: killed by SIGPIPE; 0 or 1 when it had written all before the close.
		case $st in 0 | 1 | 141) [ ! -s "$tmp/err" ] ;; *) false ;; esac
		result $? "closed pipe ($how SIGPIPE): $t ends quietly"
	done
done

# --- kill -9 while a file is written: the previous one is whole. ----------
killed() {
	# killed NAME LOADCMD -- WRITECMD: run WRITECMD, kill it at each delay,
	# and check that LOADCMD (which loads the file) still succeeds.
	label=$1
	load=$2
	shift 3
	bad=0
	for d in $delays; do
		"$@" > /dev/null 2>&1 &
		pid=$!
		sleep "$d"
		kill -9 "$pid" 2> /dev/null
		wait "$pid" 2> /dev/null
		sh -c "$load" < /dev/null > /dev/null 2> "$tmp/err" ||
			{ bad=$((bad + 1)); echo "after kill at $d s: $(cat "$tmp/err")" >> "$tmp/why"; }
	done
	result "$bad" "kill -9: $label at $(echo $delays | wc -w) moments, the file still loads"
}
cp "$tmp/team.model" "$tmp/k.model"
killed "tk-train -o" "'$bin/tk-classify' -m '$tmp/k.model'" -- "$bin/tk-train" -q -l category -o "$tmp/k.model" "$hist"
cp "$tmp/old.tkc" "$tmp/k.tkc"
killed "tk-cluster -s" "'$bin/tk-cluster' -m '$tmp/k.tkc'" -- "$bin/tk-cluster" -s "$tmp/k.tkc" "$hist"
cp "$tmp/old.state" "$tmp/k.state"
killed "tk-anomaly --state" "'$bin/tk-anomaly' -q --state '$tmp/k.state'" -- \
	"$bin/tk-anomaly" -q --state "$tmp/k.state" "$hist"

# --- Two writers of one path: one wins whole. ------------------------------
two() {
	# two NAME FILE CMD-A -- CMD-B: each alone, then both at once on FILE.
	label=$1
	file=$2
	shift 2
	a=
	while [ "$1" != -- ]; do a="$a '$1'"; shift; done
	shift
	rm -f "$file"
	sh -c "$a" > /dev/null 2>&1 && mv "$file" "$tmp/alone-a"
	"$@" > /dev/null 2>&1 && mv "$file" "$tmp/alone-b"
	sh -c "$a" > /dev/null 2>&1 &
	p1=$!
	"$@" > /dev/null 2>&1 &
	p2=$!
	wait "$p1" && wait "$p2"
	result $? "two writers: two $label on one path both succeed"
	cmp -s "$file" "$tmp/alone-a" || cmp -s "$file" "$tmp/alone-b"
	result $? "two writers: the $label file left is one of the two, whole"
	ls "$tmp/two" > "$tmp/why"
	[ "$(cat "$tmp/why")" = "${file##*/}" ]
	result $? "two writers: no temporary file is left beside the $label file"
	rm -f "$file"
}
mkdir "$tmp/two"
two "tk-train -o" "$tmp/two/model" "$bin/tk-train" -q -l team -o "$tmp/two/model" "$part" -- \
	"$bin/tk-train" -q -l category -o "$tmp/two/model" "$part"
two "tk-cluster -s" "$tmp/two/tkc" "$bin/tk-cluster" -k 3 -s "$tmp/two/tkc" "$today" -- \
	"$bin/tk-cluster" -k 5 -s "$tmp/two/tkc" "$today"
two "tk-anomaly --state" "$tmp/two/state" "$bin/tk-anomaly" -q --state "$tmp/two/state" "$today" -- \
	"$bin/tk-anomaly" -q --state "$tmp/two/state" "$part"

# --- A memory limit: a message, not a crash. -------------------------------
# Not under ASan or valgrind, which need the address space for themselves.
if nm "$top/bin/tk-tokenize" 2> /dev/null | grep -q __asan_init || [ -n "${TK_VALGRIND:-}" ]; then
	skip "memory limit" "sanitizer or valgrind build"
else
	# One ticket with a text larger than the address-space limit.
	if [ -n "${TK_FAULTS_FULL:-}" ]; then mb=160 limit=128; else mb=40 limit=32; fi
	{ printf '{"id":"big","text":"'; head -c ${mb}000000 /dev/zero | tr '\0' a; printf '"}\n'; } > "$tmp/big.jsonl"
	for t in $tools; do
		(ulimit -v $((limit * 1024)); "$bin/$t" $(args $t) "$tmp/big.jsonl" > /dev/null 2> "$tmp/err")
		st=$?
		{ echo "status $st"; cat "$tmp/err"; } > "$tmp/why"
		[ "$st" = 2 ] && grep -q "^$t: out of memory" "$tmp/err"
		result $? "memory limit: $t on a $mb MB ticket under ulimit -v $limit MB says out of memory"
	done
	rm -f "$tmp/big.jsonl"
fi

# --- Inputs that cannot be read. -------------------------------------------
mkdir "$tmp/dir"
printf '{"id":"T-1","text":"hello"}\n' > "$tmp/locked.jsonl"
chmod 000 "$tmp/locked.jsonl"
if [ "$(id -u)" = 0 ]; then
	# root reads anything: drop to nobody for the unreadable file.
	if command -v setpriv > /dev/null; then
		chmod 711 "$tmp"
		asuser="setpriv --reuid=nobody --regid=nogroup --clear-groups"
	else
		asuser=
	fi
else
	asuser=" "
fi
for t in $tools; do
	a=$(args $t)
	case $t in tk-train) a="-l team -o $tmp/never.model" ;; esac
	"$bin/$t" -q $a "$tmp/missing.jsonl" > /dev/null 2> "$tmp/why"
	[ $? = 2 ] && grep -q "cannot open '$tmp/missing.jsonl': No such file or directory" "$tmp/why"
	result $? "unreadable input: $t on a missing file"
	"$bin/$t" -q $a "$tmp/dir" > /dev/null 2> "$tmp/why"
	[ $? = 2 ] && grep -q "cannot read '$tmp/dir': Is a directory" "$tmp/why"
	result $? "unreadable input: $t on a directory"
	"$bin/$t" -q $a <&- > /dev/null 2> "$tmp/why"
	[ $? = 2 ] && grep -q "cannot read '-': Bad file descriptor" "$tmp/why"
	result $? "unreadable input: $t with standard input closed"
	if [ -z "$asuser" ]; then
		skip "unreadable input: $t on a file without read permission" "running as root without setpriv"
	else
		$asuser "$bin/$t" -q $a "$tmp/locked.jsonl" > /dev/null 2> "$tmp/why"
		[ $? = 2 ] && grep -q "cannot open '$tmp/locked.jsonl': Permission denied" "$tmp/why"
		result $? "unreadable input: $t on a file without read permission"
	fi
	[ ! -e "$tmp/never.model" ]
	result $? "unreadable input: $t writes no file from input it could not read"
done

# Model, state and config files that are missing, directories or devices.
for f in "$tmp/missing" "$tmp/dir" /dev/zero; do
	for w in "tk-classify -m" "tk-cluster -m" "tk-anomaly --state" "tk-route -c" "tk-route --assign" \
		"tk-train --update"; do
		set -- $w
		# A missing state file is a first run, not a fault.
		[ "$w$f" = "tk-anomaly --state$tmp/missing" ] && continue
		a="$2 $f"
		case $1 in tk-train) a="-l team -o $tmp/never.model $a" ;; esac
		"$bin/$1" $a < "$today" > /dev/null 2> "$tmp/why"
		st=$?
		[ $st = 2 ] && [ "$(wc -l < "$tmp/why")" = 1 ] && grep -q "$f" "$tmp/why"
		result $? "unusable file: $w ${f##*/} gives one message naming it and exits 2"
	done
done
[ ! -e "$tmp/never.model" ]
result $? "unusable file: no model is written from an unusable one"

tap_done

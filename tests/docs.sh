#!/bin/sh
# Documentation is part of each tool: check that every tool has a man page
# whose options match its --help, that the man pages' EXAMPLES print what
# they show, that the completions are what completions/gen.sh makes from
# --help now, that the man pages and completions are well formed, and that
# the README's walk-through prints what it shows.
# Prints TAP.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/tap.sh"

us=$(printf '\037')
mkdir "$tmp/ex"
: > "$tmp/ex/list"
nex=0
for exe in "$top"/bin/tk "$top"/bin/tk-*; do
	tool=${exe##*/}
	page=$top/man/$tool.1
	[ -f "$page" ]
	result $? "$tool has a man page"
	[ -f "$page" ] || continue

	# Options: --help and the man page's .It lines name the same ones.
	sh "$top/completions/gen.sh" --options "$tool" | while IFS=$us read -r s l a h; do
		[ -n "$s" ] && printf -- '-%s\n' "$s"
		printf -- '--%s\n' "$l"
	done | sort > "$tmp/help-opts"
	# In mdoc "Fl f" is -f and "Fl \-field" is --field.
	grep '^\.It Fl' "$page" | grep -o 'Fl [^ ]*' | sed 's/^Fl //; s/^\\-/--/; s/^\([^-]\)/-\1/' |
		sort -u > "$tmp/man-opts"
	diff "$tmp/help-opts" "$tmp/man-opts" > "$tmp/why"
	result $? "$tool: the man page documents exactly the options of --help (< help, > man)"

	# EXAMPLES: run each "$ command" of a literal block; the lines after it are its output.
	awk '
	/^\.Sh / { ex = ($0 == ".Sh EXAMPLES") }
	ex && /^\.Bd -literal/ { lit = 1; print "BLOCK"; next }
	ex && /^\.Ed/ { lit = 0; next }
	ex && lit {
		line = $0
		gsub(/\\e/, "\\", line); gsub(/\\&/, "", line); gsub(/\\\(aq/, "\047", line)
		if (line ~ /^\$ /) print "CMD " substr(line, 3); else print "OUT " line
	}' "$page" > "$tmp/examples"
	block=0
	cmd=
	: > "$tmp/want"
	run_example() {
		[ -n "$cmd" ] || return 0
		case $cmd in *jq\ *)
			if ! command -v jq > /dev/null; then
				skip "$tool(1) example: $cmd" "jq not installed"
				cmd=
				: > "$tmp/want"
				return 0
			fi ;;
		esac
		# Compared at the end, all in one md5sum (a diff each was a process each).
		nex=$((nex + 1))
		PATH=${TK_BIN:-$top/bin}:$PATH sh -c 'cd "$1" && eval "$2"' sh "$tmp/$tool-ex$block" "$cmd" \
			> "$tmp/ex/$nex.got" 2>&1
		printf '%s\t%s\t%s\n' "$nex" "$?" "$tool(1) example: $cmd" >> "$tmp/ex/list"
		mv "$tmp/want" "$tmp/ex/$nex.want"
		cmd=
		: > "$tmp/want"
	}
	while IFS= read -r line; do
		case $line in
		BLOCK)
			run_example
			block=$((block + 1))
			mkdir -p "$tmp/$tool-ex$block" ;;
		"CMD "*)
			run_example
			cmd=${line#CMD } ;;
		"OUT "*)
			printf '%s\n' "${line#OUT }" >> "$tmp/want" ;;
		esac
	done < "$tmp/examples"
	run_example
done
# The examples' results: an example that shows output must print it; one
# that shows none must succeed.
for i in $(seq "$nex"); do
	printf '%s\n%s\n' "$tmp/ex/$i.want" "$tmp/ex/$i.got"
done | tr '\n' '\0' | xargs -0 -r md5sum | awk '{ s[NR] = $1 } END { for (i = 1; i < NR; i += 2) print s[i] == s[i + 1] }' \
	> "$tmp/ex/same"
tab=$(printf '\t')
exec 5< "$tmp/ex/same"
while IFS=$tab read -r i status label; do
	read -r same <&5
	if [ -s "$tmp/ex/$i.want" ]; then
		[ "$same" = 1 ] || diff "$tmp/ex/$i.want" "$tmp/ex/$i.got" > "$tmp/why"
		result $((1 - same)) "$label"
	else
		[ "$status" = 0 ] || cat "$tmp/ex/$i.got" > "$tmp/why"
		result "$status" "$label"
	fi
done < "$tmp/ex/list"
exec 5<&-

# Completions: what gen.sh makes now from --help is what is committed.
sh "$top/completions/gen.sh" "$tmp/completions" > "$tmp/why" 2>&1 &&
	diff -r "$top/completions/bash" "$tmp/completions/bash" > "$tmp/why" &&
	diff -r "$top/completions/zsh" "$tmp/completions/zsh" >> "$tmp/why" &&
	diff -r "$top/completions/fish" "$tmp/completions/fish" >> "$tmp/why"
result $? "completions are up to date with --help (regenerate with: make completions)"

# tk-sentiment's compiled-in lexicon: what lib/gen-lexicon.sh makes now from lib/lexicon.
sh "$top/lib/gen-lexicon.sh" "$tmp/lexicon-en.c" > "$tmp/why" 2>&1 &&
	diff "$top/lib/lexicon-en.c" "$tmp/lexicon-en.c" > "$tmp/why"
result $? "lib/lexicon-en.c is up to date with lib/lexicon/*.tsv (regenerate with: make lexicon)"

for f in "$top"/completions/bash/*; do
	bash -n "$f" 2> "$tmp/why"
	result $? "bash completion ${f##*/} parses"
done
bash -c '. "$1/completions/bash/tk-tokenize"; COMP_WORDS=(tk-tokenize --on-error=s); COMP_CWORD=1
	_tk_tokenize; [ "${COMPREPLY[*]}" = "--on-error=skip" ]' sh "$top" 2> "$tmp/why"
result $? "bash completion offers --on-error=skip for --on-error=s"
bash -c '. "$1/completions/bash/tk"; t() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _tk; echo "${COMPREPLY[*]}"; }
	[ "$(t tk to)" = tokenize ] && [ "$(t tk help cl)" = "classify cluster" ] &&
	[ "$(t tk tokenize --on-error=s)" = --on-error=skip ]' sh "$top" 2> "$tmp/why"
result $? "bash completion of tk offers the tools, and hands tk TOOL over to tk-TOOL's"
if command -v zsh > /dev/null; then
	for f in "$top"/completions/zsh/*; do
		zsh -n "$f" 2> "$tmp/why"
		result $? "zsh completion ${f##*/} parses"
	done
else
	skip "zsh completions parse" "zsh not installed"
fi
if command -v fish > /dev/null; then
	for f in "$top"/completions/fish/*; do
		fish -n "$f" 2> "$tmp/why"
		result $? "fish completion ${f##*/} parses"
	done
	fish -c 'source $argv[1]/completions/fish/tk.fish; source $argv[1]/completions/fish/tk-tokenize.fish
		complete -C"tk tok"; complete -C"tk tokenize --on-error=s"' "$top" > "$tmp/got" 2> "$tmp/why"
	printf 'tokenize\tAdd tokens and entities to each ticket.\n--on-error=skip\t%s\n' \
		'on a bad line, pass an error object on, skip it, or stop (default: pass)' |
		diff - "$tmp/got" >> "$tmp/why"
	result $? "fish completion of tk offers the tools, and hands tk TOOL over to tk-TOOL's"
else
	skip "fish completions parse" "fish not installed"
fi

# tk help: man 7 tk, or man 1 tk-TOOL for a tool; a fake man shows what it was asked.
mkdir -p "$tmp/fakeman"
printf '#!/bin/sh\necho "man $*"\n' > "$tmp/fakeman/man"
chmod +x "$tmp/fakeman/man"
{ PATH=$tmp/fakeman:$PATH "${TK_BIN:-$top/bin}/tk" help classify &&
	PATH=$tmp/fakeman:$PATH "${TK_BIN:-$top/bin}/tk" help; } > "$tmp/got" 2> "$tmp/why"
printf 'man 1 tk-classify\nman 7 tk\n' | diff - "$tmp/got" >> "$tmp/why"
result $? "tk help TOOL runs man 1 tk-TOOL, tk help man 7 tk"
PATH=$tmp/fakeman:$PATH "${TK_BIN:-$top/bin}/tk" help nosuch > "$tmp/got" 2>&1
[ $? = 2 ] && echo "tk: 'nosuch' is not a ticketkit tool; see 'tk --help'" | diff - "$tmp/got" > "$tmp/why"
result $? "tk help with an unknown tool is a usage error"
mkdir -p "$tmp/noman"
PATH=$tmp/noman "${TK_BIN:-$top/bin}/tk" help classify > "$tmp/got" 2>&1
[ $? = 2 ] && echo "tk: cannot show the manual: 'man' is not installed" | diff - "$tmp/got" > "$tmp/why"
result $? "tk help without man says so"

# The README's walk-through, from the bundled sample to a routed queue: the
# indented block after '<!-- walkthrough -->', "$ command" lines and the
# output they print, run in a scratch directory beside testdata/.
if command -v jq > /dev/null; then
	mkdir -p "$tmp/walk"
	ln -s "$top/testdata" "$tmp/walk/testdata"
	awk '/^<!-- walkthrough -->$/ { on = 1; next } on && !/^    / { exit } on { print substr($0, 5) }' \
		"$top/README.md" > "$tmp/walk.txt"
	: > "$tmp/walk.want"
	: > "$tmp/walk.got"
	while IFS= read -r line; do
		case $line in
		'$ '*)
			(cd "$tmp/walk" && PATH=${TK_BIN:-$top/bin}:$PATH sh -c "${line#\$ }") >> "$tmp/walk.got" 2>&1 ;;
		*) printf '%s\n' "$line" >> "$tmp/walk.want" ;;
		esac
	done < "$tmp/walk.txt"
	[ -s "$tmp/walk.want" ] && diff "$tmp/walk.want" "$tmp/walk.got" > "$tmp/why"
	result $? "README.md: the walk-through prints what it shows ($(grep -c '^\$ ' "$tmp/walk.txt") commands)"
else
	skip "README.md walk-through" "jq not installed"
fi

if command -v mandoc > /dev/null; then
	for page in "$top"/man/*.[0-9]; do
		mandoc -Tlint -Wwarning "$page" > "$tmp/why" 2>&1
		result $? "mandoc finds no warning in ${page##*/}"
	done
else
	skip "man pages lint clean" "mandoc not installed"
fi

tap_done

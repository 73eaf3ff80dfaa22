#!/bin/sh
# make install puts every tool, man page and completion where a
# distribution would, under DESTDIR and PREFIX; make uninstall takes them
# all away again.  Prints TAP.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/tap.sh"
dest=$tmp/dest

make -s -C "$top" install DESTDIR="$dest" PREFIX=/usr > /dev/null 2>&1
result $? "make install DESTDIR=... PREFIX=/usr succeeds"
for exe in "$top"/bin/tk "$top"/bin/tk-*; do
	tool=${exe##*/}
	for f in bin/$tool share/man/man1/$tool.1 share/bash-completion/completions/$tool \
		share/zsh/site-functions/_$tool share/fish/vendor_completions.d/$tool.fish; do
		[ -f "$dest/usr/$f" ]
		result $? "installed /usr/$f"
	done
	"$dest/usr/bin/$tool" --version > /dev/null
	result $? "the installed $tool runs"
done
echo '{"id":1,"text":"hi"}' | "$dest/usr/bin/tk" tokenize > "$tmp/got" 2> "$tmp/why" && grep -q '"tokens"' "$tmp/got"
result $? "the installed tk runs the installed tk-tokenize"
for page in "$top"/man/*.5 "$top"/man/*.7; do
	f=share/man/man${page##*.}/${page##*/}
	[ -f "$dest/usr/$f" ]
	result $? "installed /usr/$f"
done
make -s -C "$top" uninstall DESTDIR="$dest" PREFIX=/usr > /dev/null 2>&1
left=$(find "$dest" -type f | wc -l)
[ "$left" -eq 0 ]
result $? "make uninstall removes every file it installed ($left left)"
tap_done

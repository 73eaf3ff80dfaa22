#!/bin/sh
# The per-ticket tools under GNU parallel (tk(7), SCALING OUT): the sample
# day cut into blocks by `parallel --pipe --keep-order`, each block through
# its own tk-tokenize | tk-classify | tk-sentiment | tk-cluster -m, gives
# byte for byte what one process gives; a bad line is passed on, not lost,
# with its line number counted within its block.  tk-route, which keeps
# recent tickets (repeat contact, surges), runs once after the parallel
# part.  Across hosts with --sshlogin, to an sshd of our own on the
# loopback address.  Skipped, with a message, when parallel (or ssh) is
# not installed.
# Prints TAP.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/tap.sh"

if ! command -v parallel > /dev/null 2>&1; then
	skip "the per-ticket tools under GNU parallel" "GNU parallel is not installed (apt-get install parallel)"
	tap_done
	exit 0
fi
PATH=$top/bin:$PATH
export PATH
sample=$top/testdata/sample
# Small models, so that loading one per block costs little.
head -n 800 "$sample/history.jsonl" > "$tmp/train.jsonl"
tk-train -q -l team --char-ngrams 0 -o "$tmp/team.model" "$tmp/train.jsonl"
tk-cluster -q -k 8 -s "$tmp/history.clusters" "$tmp/train.jsonl" > /dev/null
# A bad line in the middle of the day.
{ head -n 100 "$sample/today.jsonl"; echo '{"id":"T-bad",'; tail -n +101 "$sample/today.jsonl"; } > "$tmp/day.jsonl"

stages="tk-tokenize | tk-classify -m $tmp/team.model | tk-sentiment | tk-cluster -m $tmp/history.clusters"
sh -c "$stages" < "$tmp/day.jsonl" > "$tmp/one.jsonl" 2> /dev/null
# 40 kB blocks: the 100 kB day in three.
parallel --pipe --keep-order --block 40k "$stages" < "$tmp/day.jsonl" > "$tmp/par.jsonl" 2> /dev/null
[ "$(wc -l < "$tmp/par.jsonl")" -eq "$(wc -l < "$tmp/day.jsonl")" ]
result $? "parallel --pipe --keep-order: one line out for each line in ($(wc -l < "$tmp/day.jsonl"))"
grep -v '^{"error"' "$tmp/one.jsonl" > "$tmp/one.ok"
grep -v '^{"error"' "$tmp/par.jsonl" > "$tmp/par.ok"
cmp -s "$tmp/one.ok" "$tmp/par.ok"
result $? "parallel --pipe --keep-order: the tickets are byte-identical to one process's"
[ "$(grep -c '^{"error"' "$tmp/par.jsonl")" -eq 1 ] && grep -q '"T-bad' "$tmp/par.jsonl"
result $? "parallel --pipe --keep-order: the bad line is passed on as an error object"
# A file cut by parallel itself (--pipepart), in parts of 30 kB.
parallel --pipepart -a "$tmp/day.jsonl" --keep-order --block 30k "$stages" > "$tmp/part.jsonl" 2> /dev/null
grep -v '^{"error"' "$tmp/part.jsonl" | cmp -s - "$tmp/one.ok" &&
	[ "$(wc -l < "$tmp/part.jsonl")" -eq "$(wc -l < "$tmp/day.jsonl")" ]
result $? "parallel --pipepart -a FILE --keep-order: one line out for each line in, the tickets byte-identical"
# Where the bad line landed: its number counts from the start of its block.
line=$(grep -n '^{"error"' "$tmp/par.jsonl" | cut -d : -f 1)
[ "$line" = 101 ] && ! grep -q '"line":101' "$tmp/par.jsonl" && grep -q '"line":101' "$tmp/one.jsonl"
result $? "parallel --pipe: the error object's line counts within its block (101 in one process)"

# tk-route after the parallel part: the whole pipeline, byte-identical.
tk-route --now 2026-11-16T12:00:00Z "$tmp/one.jsonl" > "$tmp/one.route" 2> /dev/null
tk-route --now 2026-11-16T12:00:00Z "$tmp/par.jsonl" > "$tmp/par.route" 2> /dev/null
grep -v '^{"error"' "$tmp/one.route" > "$tmp/one.ok"
grep -v '^{"error"' "$tmp/par.route" > "$tmp/par.ok"
cmp -s "$tmp/one.ok" "$tmp/par.ok"
result $? "parallel stages then one tk-route: the routed tickets are byte-identical"
# Across hosts (--sshlogin): a second "host" is an sshd of our own on the
# loopback address, with keys made here, which the jobs reach by ssh; the
# model goes over with --basefile (rsync).  Skipped without sshd, ssh or rsync.
sshd=$(command -v sshd || echo /usr/sbin/sshd)
if [ -x "$sshd" ] && command -v ssh > /dev/null && command -v rsync > /dev/null &&
	ssh-keygen -q -t ed25519 -N '' -f "$tmp/host_key" && ssh-keygen -q -t ed25519 -N '' -f "$tmp/user_key"; then
	cp "$tmp/user_key.pub" "$tmp/authorized_keys"
	mkdir -p /run/sshd 2> /dev/null
	port=$((20000 + $$ % 20000))
	for try in 1 2 3 4 5; do
		printf '%s\n' "ListenAddress 127.0.0.1" "Port $port" "HostKey $tmp/host_key" \
			"AuthorizedKeysFile $tmp/authorized_keys" "PasswordAuthentication no" \
			"KbdInteractiveAuthentication no" "PermitRootLogin prohibit-password" "StrictModes no" \
			"UsePAM no" "PidFile $tmp/sshd.pid" > "$tmp/sshd_config"
		"$sshd" -f "$tmp/sshd_config" -E "$tmp/sshd.log" 2> /dev/null && break
		port=$((port + 1))
	done
	sleep 0.3
	if [ -s "$tmp/sshd.pid" ]; then
		trap 'kill "$(cat "$tmp/sshd.pid")" 2> /dev/null; rm -rf "$tmp"' EXIT
		ssh="ssh -p $port -i $tmp/user_key -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null"
		ssh="$ssh -o BatchMode=yes -o LogLevel=ERROR"
		"$top/bin/tk-classify" -m "$tmp/team.model" "$tmp/day.jsonl" > "$tmp/one.class" 2> /dev/null
		parallel --ssh "$ssh" --sshlogin "1/$(id -un)@127.0.0.1,1/:" --basefile "$tmp/team.model" \
			--pipepart -a "$tmp/day.jsonl" --block 30k --keep-order \
			"$top/bin/tk-classify -m $tmp/team.model" > "$tmp/ssh.class" 2> "$tmp/why"
		logins=$(grep -c 'Accepted publickey' "$tmp/sshd.log")
		# (the bad line's error object counts its line within its block)
		grep -v '^{"error"' "$tmp/one.class" > "$tmp/one.class.ok"
		grep -v '^{"error"' "$tmp/ssh.class" | cmp "$tmp/one.class.ok" - >> "$tmp/why" 2>&1 &&
			[ "$(wc -l < "$tmp/ssh.class")" -eq "$(wc -l < "$tmp/day.jsonl")" ] && [ "$logins" -ge 2 ]
		result $? "parallel --sshlogin (this host and one over ssh, $logins logins): tk-classify's output is byte-identical"
	else
		skip "parallel --sshlogin" "could not start an sshd of our own"
	fi
else
	skip "parallel --sshlogin" "needs sshd, ssh, rsync and ssh-keygen (apt-get install openssh-server rsync)"
fi
tap_done

# Synthetic tickets for the golden cases: whole weeks from Monday
# 2026-01-05 00:00Z, created_at in Unix seconds, a steady weekly rhythm
# (busy weekday office hours, quiet nights and weekends) with a little
# deterministic wobble, and optional events:
#   weeks=N                 how many weeks (default 3)
#   spike=H spike_n=N spike_hours=K
#                           N extra tickets about a checkout error in each
#                           of K hours from hour H (hours since the start);
#                           spike2=H2 the same again from hour H2
#   drop=H drop_hours=K     no tickets at all for K hours from hour H
#   shift=H shift_by=F      every rate times F from hour H on
#   keys=1                  give tickets a "team" (billing or accounts)
BEGIN {
	t0 = 1767571200
	if (weeks == "") weeks = 3
	split("login reset password invoice refund order shipping export report crash", word, " ")
	id = 0
	for (h = 0; h < weeks * 168; h++) {
		day = int(h / 24) % 7; hour = h % 24
		if (day >= 5) n = 2
		else if (hour >= 8 && hour < 18) n = 10
		else n = 1
		n += (h * 7 + day * 3) % 3
		if (shift != "" && h >= shift) n = int(n * shift_by)
		if (drop != "" && h >= drop && h < drop + drop_hours) n = 0
		for (i = 0; i < n; i++) ticket(h, i, n, word[(h + i) % 10 + 1] " problem")
		if ((spike != "" && h >= spike && h < spike + spike_hours) ||
		    (spike2 != "" && h >= spike2 && h < spike2 + spike_hours))
			for (i = 0; i < spike_n; i++) ticket(h, i, spike_n, "checkout fails with E-4012 card declined")
	}
}
function ticket(h, i, n, text) {
	id++
	printf "{\"id\":\"T-%d\",\"created_at\":%d,\"customer\":{\"id\":\"C-%d\"},", id, t0 + h * 3600 + int(i * 3600 / n), (id * 37) % 500
	if (keys) printf "\"team\":\"%s\",", (id % 3 ? "billing" : "accounts")
	printf "\"subject\":\"%s\",\"body\":\"Hello, %s since this morning.\"}\n", text, text
}

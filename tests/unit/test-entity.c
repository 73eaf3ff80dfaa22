/*
 * Unit tests for lib/entity.c: every built-in kind with positive and
 * negative examples, the priority and overlap rules, values deduplicated
 * in tk_entities_json, cards and IBANs masked only when their checks pass,
 * redaction output and counts, user pattern files (good and bad lines, a
 * user kind beating a built-in one, capturing groups), a catastrophic
 * pattern giving up while the other kinds still run.
 *
 * And the claim in lib/entity.c that the scan tries the built-in patterns
 * everywhere an entity can begin: each sample is looked for after and
 * before many kinds of neighbours, and on every text the hits of
 * tk_entities_find() are compared with a scan that tries the combined
 * built-in pattern at every character.
 */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "entity.h"
#include "tap.h"

static struct tk_entities ents; /* built-in kinds only */
static struct tk_error err;

static int by_start(const void *a, const void *b)
{
	const struct tk_entity_hit *x = a, *y = b;

	return (x->start > y->start) - (x->start < y->start);
}

/* The hits of e in s as "kind=value" joined by " | ", in order of position; "ERR" on -1. */
static const char *hits_of(struct tk_entities *e, const char *s, size_t len)
{
	static struct tk_buf res = TK_BUF_INIT;
	struct tk_entity_hit *h;
	size_t i;
	int rc = tk_entities_find(e, s, len, &err);

	tk_buf_reset(&res);
	tk_buf_adds(&res, rc < 0 ? "ERR " : "");
	h = malloc((e->nhit ? e->nhit : 1) * sizeof(*h));
	memcpy(h, e->hit, e->nhit * sizeof(*h));
	qsort(h, e->nhit, sizeof(*h), by_start);
	for (i = 0; i < e->nhit; i++) {
		tk_buf_addf(&res, "%s%s=", i ? " | " : "", e->kind[h[i].kind].name);
		tk_buf_add(&res, s + h[i].start, h[i].end - h[i].start);
	}
	free(h);
	return res.buf;
}

static const char *find(const char *s)
{
	return hits_of(&ents, s, strlen(s));
}

/* Redact s with ents; the output, with the count returned after a tab. */
static const char *redact(const char *s)
{
	static struct tk_buf res = TK_BUF_INIT;
	int n;

	tk_buf_reset(&res);
	n = tk_entities_redact(&ents, s, strlen(s), &res, NULL, &err);
	tk_buf_addf(&res, "\t%d", n);
	return res.buf;
}

static size_t kind_index(const struct tk_entities *e, const char *name)
{
	size_t k;

	for (k = 0; k < e->n; k++)
		if (strcmp(e->kind[k].name, name) == 0)
			return k;
	return (size_t)-1;
}

/* An entity in isolation: its text, kind and value. */
struct sample {
	const char *kind, *text, *value;
};

static const struct sample samples[] = {
	{ "email", "john.doe+tag@mail.example.co.uk", "john.doe+tag@mail.example.co.uk" },
	{ "email", "a@x.io", "a@x.io" },
	{ "email", "Jane_Doe%2@Corp-Mail.com", "Jane_Doe%2@Corp-Mail.com" },
	{ "url", "https://example.com/path?q=1&r=2", "https://example.com/path?q=1&r=2" },
	{ "url", "http://x.org/a", "http://x.org/a" },
	{ "url", "HTTPS://EXAMPLE.COM/X", "HTTPS://EXAMPLE.COM/X" },
	{ "url", "www.example.com", "www.example.com" },
	{ "url", "ftp://files.example.com/a.zip", "ftp://files.example.com/a.zip" },
	{ "iban", "DE89 3704 0044 0532 0130 00", "DE89 3704 0044 0532 0130 00" },
	{ "iban", "GB82 WEST 1234 5698 7654 32", "GB82 WEST 1234 5698 7654 32" },
	{ "iban", "DE89370400440532013000", "DE89370400440532013000" },
	{ "card", "4111 1111 1111 1111", "4111 1111 1111 1111" },
	{ "card", "4242424242424242", "4242424242424242" },
	{ "card", "5555-5555-5555-4444", "5555-5555-5555-4444" },
	{ "card", "378282246310005", "378282246310005" },
	{ "ip", "192.168.1.10", "192.168.1.10" },
	{ "ip", "10.0.0.1", "10.0.0.1" },
	{ "ip", "255.255.255.0", "255.255.255.0" },
	{ "ip", "2001:db8::1", "2001:db8::1" },
	{ "ip", "::1", "::1" },
	{ "ip", "fe80::1", "fe80::1" },
	{ "ip", "FE80::1FF:FE23:4567:890A", "FE80::1FF:FE23:4567:890A" },
	{ "ip", "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
	  "2001:0db8:85a3:0000:0000:8a2e:0370:7334" },
	{ "date", "2024-03-15", "2024-03-15" },
	{ "date", "15/03/2024", "15/03/2024" },
	{ "date", "3/15/24", "3/15/24" },
	{ "date", "15.03.2024", "15.03.2024" },
	{ "date", "15 March 2024", "15 March 2024" },
	{ "date", "1st of May 2024", "1st of May 2024" },
	{ "date", "March 15, 2024", "March 15, 2024" },
	{ "date", "Jan. 5", "Jan. 5" },
	{ "date", "sept 3rd", "sept 3rd" },
	{ "money", "$1,200.50", "$1,200.50" },
	{ "money", "$ 5", "$ 5" },
	{ "money", "€30", "€30" },
	{ "money", "£5.99", "£5.99" },
	{ "money", "¥1000", "¥1000" },
	{ "money", "100 USD", "100 USD" },
	{ "money", "100USD", "100USD" },
	{ "money", "20 euros", "20 euros" },
	{ "money", "1 dollar", "1 dollar" },
	{ "money", "EUR 15,00", "EUR 15,00" },
	{ "money", "USD1000", "USD1000" },
	{ "order_id", "ORD-12345", "ORD-12345" },
	{ "order_id", "ORD12345", "ORD12345" },
	{ "order_id", "order #A12345", "A12345" },
	{ "order_id", "order number 98765", "98765" },
	{ "order_id", "Order no. 4455", "4455" },
	{ "order_id", "ORDER: 55-66-77", "55-66-77" },
	{ "invoice_id", "INV-2024-0001", "INV-2024-0001" },
	{ "invoice_id", "INV12345", "INV12345" },
	{ "invoice_id", "invoice 2024-117", "2024-117" },
	{ "invoice_id", "Invoice #8891", "8891" },
	{ "ticket_id", "#12345", "#12345" },
	{ "ticket_id", "ticket 4567", "4567" },
	{ "ticket_id", "case #CS-1234", "CS-1234" },
	{ "ticket_id", "incident INC0012345", "INC0012345" },
	{ "ticket_id", "Ref: ABC123", "ABC123" },
	{ "ticket_id", "reference number 77AB", "77AB" },
	{ "error_code", "ORA-00942", "ORA-00942" },
	{ "error_code", "E-123", "E-123" },
	{ "error_code", "0x80070005", "0x80070005" },
	{ "error_code", "ERR_CONNECTION_REFUSED", "ERR_CONNECTION_REFUSED" },
	{ "error_code", "HTTP 503", "HTTP 503" },
	{ "error_code", "status code 404", "status code 404" },
	{ "error_code", "error: 500", "error: 500" },
	{ "error_code", "err #502", "err #502" },
	{ "version", "v2.3.1", "v2.3.1" },
	{ "version", "V10.0", "V10.0" },
	{ "version", "v1.0-beta.2", "v1.0-beta.2" },
	{ "version", "version 4.2", "4.2" },
	{ "version", "ver. 3.1", "3.1" },
	{ "version", "release 2.0.1", "2.0.1" },
	{ "version", "build 1234.5", "1234.5" },
	{ "version", "iOS 17.2", "17.2" },
	{ "version", "Android 14.0", "14.0" },
	{ "version", "Windows 10.0.19045", "10.0.19045" },
	{ "version", "macOS 14.2.1", "14.2.1" },
	{ "version", "2.3.4", "2.3.4" },
	{ "version", "10.0.19045.1234", "10.0.19045.1234" },
	{ "phone", "+1 415 555 2671", "+1 415 555 2671" },
	{ "phone", "+44 (20) 7946 0958", "+44 (20) 7946 0958" },
	{ "phone", "+49-30-1234567", "+49-30-1234567" },
	{ "phone", "(415) 555-2671", "(415) 555-2671" },
	{ "phone", "555-123-4567", "555-123-4567" },
	{ "phone", "555 123 4567", "555 123 4567" },
	{ "phone", "020 7946 0958", "020 7946 0958" },
	{ "phone", "555-1234", "555-1234" },
};

#define NSAMPLES (sizeof(samples) / sizeof(samples[0]))

static void test_kinds(void)
{
	static const char *const names[] = { "url", "email", "iban", "card", "ip", "date", "money",
					     "order_id", "invoice_id", "ticket_id", "error_code",
					     "version", "phone" };
	size_t i;
	int bad = 0;

	TAP_INT(ents.n, 13, "thirteen built-in kinds");
	for (i = 0; i < 13 && i < ents.n; i++)
		bad += strcmp(ents.kind[i].name, names[i]) != 0;
	TAP_INT(bad, 0, "in the documented priority order");
	for (i = 0; i < NSAMPLES; i++) {
		struct tk_buf want = TK_BUF_INIT;

		tk_buf_addf(&want, "%s=%s", samples[i].kind, samples[i].value);
		TAP_STR(find(samples[i].text), want.buf, "%s: '%s'", samples[i].kind,
			samples[i].text);
		tk_buf_release(&want);
	}
}

static void test_negatives(void)
{
	static const struct {
		const char *text, *want, *why;
	} cases[] = {
		{ "user@localhost", "", "an e-mail needs a dot in its domain" },
		{ "@handle and a@b", "", "no local part, no domain" },
		{ "see www.example now", "", "www. needs a dot after the name" },
		{ "https alone", "", "a scheme alone is no URL" },
		{ "256.1.1.1", "version=256.1.1.1", "an octet above 255 is no IP (but a version)" },
		{ "at 10:30:45 today", "", "a time is no IPv6 address" },
		{ "12:00", "", "a clock time is nothing" },
		{ "a::b::c", "", "two :: is no IPv6 address" },
		{ "2024-13-01", "", "month 13 is no date" },
		{ "2024-02-32", "", "day 32 is no date" },
		{ "order food now", "", "order without an id" },
		{ "in order to", "", "order as a word" },
		{ "invoice attached", "", "invoice without an id" },
		{ "ticket please", "", "ticket without an id" },
		{ "&#1234;", "", "an HTML entity is no ticket id" },
		{ "ORA-12", "", "too few digits for an error code" },
		{ "ABCDEF-123", "", "too many letters for an error code" },
		{ "pi is 3.14", "", "a two-part number is no version" },
		{ "1.2", "", "nor is 1.2" },
		{ "123-45", "", "too few digits for a phone" },
		{ "4111 1111 1111 1112", "", "a card number failing Luhn is nothing" },
		{ "GB82 WEST 1234 5698 7654 33", "", "an IBAN failing mod 97 is nothing" },
		{ "abc123def", "", "digits inside a word start nothing" },
		{ "plain words only", "", "nothing in plain words" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		TAP_STR(find(cases[i].text), cases[i].want, "%s: '%s'", cases[i].why,
			cases[i].text);
}

static void test_priority(void)
{
	TAP_STR(find("server 10.1.2.3 down"), "ip=10.1.2.3", "an IP is not also a version");
	TAP_STR(find("ORD-12345"), "order_id=ORD-12345", "an order id is not also an error code");
	TAP_STR(find("INV-12345"), "invoice_id=INV-12345",
		"an invoice id is not also an error code");
	TAP_STR(find("version 1.2.3.4"), "version=1.2.3.4",
		"the leftmost match wins: the version keyword before an IP-shaped number");
	TAP_STR(find("2024-03-15"), "date=2024-03-15", "a date is not a phone");
	TAP_STR(find("on 15.03.2024"), "date=15.03.2024",
		"a dotted date is not a phone or version");
	TAP_STR(find("order 5551234567"), "order_id=5551234567", "an order id is not a phone");
	TAP_STR(find("ORD-1234567"), "order_id=ORD-1234567",
		"ORD- with seven digits is an order id");
	TAP_STR(find("mail bob@192.168.1.com"), "email=bob@192.168.1.com",
		"an e-mail's domain is not an IP");
	TAP_STR(find("see https://x.io/a/1.2.3.4/v2.0"), "url=https://x.io/a/1.2.3.4/v2.0",
		"nothing inside a URL");
	TAP_STR(find("call 555-123-4567 or 555-765-4321"),
		"phone=555-123-4567 | phone=555-765-4321", "two entities of a kind");
	TAP_STR(find("Order ORD-12345 from 2024-03-15 cost $30, ticket #4567, see v1.2.3"),
		"order_id=ORD-12345 | date=2024-03-15 | money=$30 | ticket_id=4567 | "
		"version=v1.2.3",
		"a sentence with five kinds");
}

static void test_json_and_redact(void)
{
	struct tk_buf b = TK_BUF_INIT;
	unsigned long counts[32];
	const char *s;
	size_t k;
	int n;

	s = "mail a@x.com and a@x.com and b@x.com, see https://x.io; card 4111 1111 1111 1111";
	tk_entities_find(&ents, s, strlen(s), &err);
	tk_entities_json(&ents, s, &b);
	TAP_STR(b.buf, "{\"url\":[\"https://x.io\"],\"email\":[\"a@x.com\",\"b@x.com\"]}",
		"entities JSON: kinds in order, values once each, hidden kinds left out");
	tk_buf_reset(&b);
	tk_entities_find(&ents, "nothing here", 12, &err);
	tk_entities_json(&ents, "nothing here", &b);
	TAP_STR(b.buf, "{}", "no entities: {}");
	tk_buf_reset(&b);
	s = "say \"hi\" at q\\\"x@y.io";
	tk_buf_adds(&b, "x");
	tk_entities_find(&ents, s, strlen(s), &err);
	tk_entities_json(&ents, s, &b);
	TAP_STR(b.buf, "x{\"email\":[\"x@y.io\"]}", "the JSON is appended");

	TAP_STR(redact("Email me at jo@x.com or call +1 415 555 2671, card 4111 1111 1111 1111, "
		       "IBAN DE89 3704 0044 0532 0130 00, IP 10.0.0.1."),
		"Email me at [EMAIL] or call [PHONE], card [CARD], IBAN [IBAN], IP [IP].\t5",
		"redaction masks e-mail, phone, card, IBAN and IP and counts them");
	TAP_STR(redact("ORD-12345 on 2024-03-15 for $30 at https://x.io v1.2"),
		"ORD-12345 on 2024-03-15 for $30 at https://x.io v1.2\t0",
		"what is not personal data is kept");
	TAP_STR(redact("card 4111 1111 1111 1112 and 4242 4242 4242 4242"),
		"card 4111 1111 1111 1112 and [CARD]\t1",
		"only a card number passing Luhn is masked");
	TAP_STR(redact("IBAN GB82 WEST 1234 5698 7654 33 vs GB82 WEST 1234 5698 7654 32"),
		"IBAN GB82 WEST 1234 5698 7654 33 vs [IBAN]\t1",
		"only an IBAN passing mod 97 is masked");
	TAP_STR(redact(""), "\t0", "empty text");
	TAP_STR(redact("::1 and fe80::1"), "[IP] and [IP]\t2", "IPv6 addresses are masked");

	memset(counts, 0, sizeof(counts));
	tk_buf_reset(&b);
	s = "a@x.com, b@x.com, +1 415 555 2671, 10.0.0.1";
	n = tk_entities_redact(&ents, s, strlen(s), &b, counts, &err);
	TAP_INT(n, 4, "four masked");
	k = kind_index(&ents, "email");
	TAP_OK(k < 32 && counts[k] == 2, "counts: two e-mails");
	k = kind_index(&ents, "phone");
	TAP_OK(k < 32 && counts[k] == 1, "counts: one phone");
	k = kind_index(&ents, "ip");
	TAP_OK(k < 32 && counts[k] == 1, "counts: one IP");
	k = kind_index(&ents, "card");
	TAP_OK(k < 32 && counts[k] == 0, "counts: no card");
	tk_entities_redact(&ents, s, strlen(s), &b, counts, &err);
	k = kind_index(&ents, "email");
	TAP_OK(k < 32 && counts[k] == 4, "counts are added to, not reset");
	tk_buf_release(&b);
}

static void test_user_patterns(void)
{
	static const struct {
		const char *name, *text;
		unsigned long line;
		const char *msg;
	} badfiles[] = {
		{ "notab", "ok\tx\n\nno tab here\n", 3, "expected 'kind<TAB>pattern'" },
		{ "nopattern", "k\t\n", 1, "expected 'kind<TAB>pattern'" },
		{ "badname", "# c\nBad-Kind\tx\n", 2,
		  "bad kind name 'Bad-Kind' (use a-z, 0-9 and _)" },
		{ "emptyname", "\tx\n", 1, "bad kind name '' (use a-z, 0-9 and _)" },
		{ "badregex", "x\t(abc\n", 1,
		  "bad pattern at offset 4: missing closing parenthesis" },
		{ "badutf8", "a\tb\nk\t\xFF\n", 2, "invalid UTF-8 at byte 3" },
	};
	struct tk_entities e;
	struct tk_buf b = TK_BUF_INIT;
	char *good =
	    tap_write_tmp("good.tsv", "# user kinds\n\nsku\tSKU-\\d{5}\r\nproject\t(*UCP)\\bPRJ(\\d+)\n"
				  "myorder\tORD-\\d+\nshortref\t#\\d{3}\nempty\t\\b\n");
	char *path, want[600];
	size_t i;
	int rc;

	tk_entities_init(&e);
	rc = tk_entities_load(&e, good, &err);
	TAP_INT(rc, 0, "a good patterns file loads");
	TAP_INT(e.nuser, 5, "five user kinds");
	TAP_OK(e.n == 5 && strcmp(e.kind[0].name, "sku") == 0 && e.kind[0].line == 3 &&
		       strcmp(e.kind[4].name, "empty") == 0 && e.kind[4].line == 7 &&
		       e.kind[0].file && strcmp(e.kind[0].file, good) == 0,
	       "in file order, with file and line (comments and blank lines skipped)");
	TAP_INT(tk_entities_add_builtin(&e, &err), 0, "built-in kinds after user kinds");
	TAP_OK(e.n == 18 && strcmp(e.kind[5].name, "url") == 0, "the built-in kinds come after");
	TAP_STR(hits_of(&e, "item SKU-12345 and PRJ77 and ORD-12345 and #12345 a@x.com", 57),
		"sku=SKU-12345 | project=77 | myorder=ORD-12345 | shortref=#123 | email=a@x.com",
		"user kinds found; a capturing group gives the value; a user kind beats a built-in "
		"one");
	TAP_STR(hits_of(&e, "PRJ", 3), "",
		"a pattern that matches nothing, or only empty, gives nothing");
	tk_entities_find(&e, "SKU-11111 SKU-11111 SKU-22222", 29, &err);
	tk_buf_reset(&b);
	tk_entities_json(&e, "SKU-11111 SKU-11111 SKU-22222", &b);
	TAP_STR(b.buf, "{\"sku\":[\"SKU-11111\",\"SKU-22222\"]}",
		"user values deduplicated in the JSON");
	tk_entities_release(&e);

	for (i = 0; i < sizeof(badfiles) / sizeof(badfiles[0]); i++) {
		path = tap_write_tmp(badfiles[i].name, badfiles[i].text);
		tk_entities_init(&e);
		err.file = NULL;
		err.line = 0;
		rc = tk_entities_load(&e, path, &err);
		TAP_INT(rc, -1, "%s: the file is refused", badfiles[i].name);
		TAP_OK(err.file && strcmp(err.file, path) == 0 && err.line == badfiles[i].line,
		       "%s: the error names file and line %lu", badfiles[i].name, badfiles[i].line);
		TAP_STR(err.msg, badfiles[i].msg, "%s: the message", badfiles[i].name);
		tk_entities_release(&e);
		unlink(path);
		free(path);
	}
	path = tap_write_tmp("missing", "");
	unlink(path);
	tk_entities_init(&e);
	rc = tk_entities_load(&e, path, &err);
	snprintf(want, sizeof(want), "cannot open '%s': No such file or directory", path);
	TAP_INT(rc, -1, "a missing patterns file is refused");
	TAP_STR(err.msg, want, "and named");
	tk_entities_release(&e);
	free(path);

	/* A user kind that shares a built-in kind's name is listed with it. */
	path = tap_write_tmp("samename", "email\t\\b\\w+ AT \\w+ DOT com\\b\n");
	tk_entities_init(&e);
	tk_entities_load(&e, path, &err);
	tk_entities_add_builtin(&e, &err);
	tk_entities_find(&e, "write a@x.com or bob AT x DOT com", 33, &err);
	tk_buf_reset(&b);
	tk_entities_json(&e, "write a@x.com or bob AT x DOT com", &b);
	TAP_STR(b.buf, "{\"email\":[\"a@x.com\",\"bob AT x DOT com\"]}",
		"one key for both kinds of a name, values in order of appearance");
	tk_entities_release(&e);
	unlink(path);
	free(path);

	/* A user kind claiming an e-mail address does not stop its redaction. */
	path = tap_write_tmp("contact", "contact\tcontact: (\\S+)\n");
	tk_entities_init(&e);
	tk_entities_load(&e, path, &err);
	tk_entities_add_builtin(&e, &err);
	tk_buf_reset(&b);
	tk_entities_redact(&e, "contact: bob@x.com please", 25, &b, NULL, &err);
	TAP_STR(b.buf, "contact: [EMAIL] please",
		"an e-mail inside a user kind's match is still masked");
	tk_entities_release(&e);
	unlink(path);
	free(path);

	unlink(good);
	free(good);
	tk_buf_release(&b);
}

static void test_catastrophic(void)
{
	char *path = tap_write_tmp("slow", "slow\t(a+)+$\nsku\tSKU-\\d{5}\n");
	struct tk_entities e;
	struct tk_buf text = TK_BUF_INIT, out = TK_BUF_INIT;
	struct timespec t0, t1;
	double secs;
	int rc, i;

	for (i = 0; i < 40; i++)
		tk_buf_addch(&text, 'a');
	tk_buf_adds(&text, "b SKU-12345 mail a@x.com");
	tk_entities_init(&e);
	TAP_INT(tk_entities_load(&e, path, &err), 0, "a pattern that backtracks badly still loads");
	tk_entities_add_builtin(&e, &err);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = tk_entities_find(&e, text.buf, text.len, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	TAP_INT(rc, -1, "(a+)+$ on 40 a's and a b gives up: -1");
	TAP_OK(strstr(err.msg, "gave up") != NULL && strstr(err.msg, "'slow'") != NULL,
	       "the message says which pattern gave up: %s", err.msg);
	TAP_OK(strstr(err.msg, path) != NULL && strstr(err.msg, ":1)") != NULL,
	       "and where it was defined");
	TAP_OK(secs < 10, "it gives up in reasonable time (%.2f s)", secs);
	TAP_STR(hits_of(&e, text.buf, text.len), "ERR sku=SKU-12345 | email=a@x.com",
		"the other user kinds and the built-in kinds still ran");
	rc = tk_entities_redact(&e, text.buf, text.len, &out, NULL, &err);
	TAP_INT(rc, 1, "redaction runs the built-in kinds only: the slow user kind is not tried");
	TAP_OK(out.len > 40 && strstr(out.buf, "mail [EMAIL]") != NULL,
	       "and the e-mail is masked");
	TAP_STR(hits_of(&e, "aaa SKU-99999", 13), "sku=SKU-99999",
		"short input is fine: no give-up");
	tk_entities_release(&e);
	tk_buf_release(&text);
	tk_buf_release(&out);
	unlink(path);
	free(path);
}

/* Every sample is found, with the same value, whatever stands before and after it. */
static void test_positions(void)
{
	static const char *const before[] = {
		"", " ", "\n", "\t", "(", "[", "{", "\"", "'", "«", ", ", "; ", ": ", "= ", "* ",
		"é", "é ", "中", "— ", "Text then ", "Line one.\n", "x, ", "!! ",
	};
	static const char *const after[] = { "",  " ", "\n",  ".",  ",", ";",
					     "!", "?", " ok", "\"", "'", " »" };
	struct tk_buf text = TK_BUF_INIT, want = TK_BUF_INIT;
	size_t i, b, a;
	int bad = 0, n = 0;

	for (i = 0; i < NSAMPLES; i++)
		for (b = 0; b < sizeof(before) / sizeof(before[0]); b++)
			for (a = 0; a < sizeof(after) / sizeof(after[0]); a++) {
				tk_buf_reset(&text);
				tk_buf_addf(&text, "%s%s%s", before[b], samples[i].text, after[a]);
				tk_buf_reset(&want);
				tk_buf_addf(&want, "%s=%s", samples[i].kind, samples[i].value);
				n++;
				if (strcmp(find(text.buf), want.buf) != 0) {
					if (bad++ < 10)
						printf("# '%s': got '%s', want '%s'\n", text.buf,
						       find(text.buf), want.buf);
				}
			}
	TAP_INT(bad, 0, "every sample found after and before %d kinds of neighbour",
		n / (int)NSAMPLES);
	tk_buf_release(&text);
	tk_buf_release(&want);
}

/*
 * The pattern with every built-in alternative: e->builtin[] holds one
 * pattern per kind of starting character and one with all of them, which
 * is the largest.
 */
static const pcre2_code *all_builtin(const struct tk_entities *e)
{
	const pcre2_code *best = NULL;
	size_t i, size, bestsize = 0;

	for (i = 0; i < sizeof(e->builtin) / sizeof(e->builtin[0]); i++)
		if (e->builtin[i] &&
		    pcre2_pattern_info(e->builtin[i], PCRE2_INFO_SIZE, &size) == 0 &&
		    size > bestsize) {
			best = e->builtin[i];
			bestsize = size;
		}
	return best;
}

/*
 * The reference: try the built-in pattern at every character of s, in the
 * way scan_builtin() treats a match (value span, URL trimming, going on
 * after it).  Fill ref with the hits; return their number, or -1.
 */
static int reference_scan(struct tk_entities *e, const char *s, size_t len,
			  struct tk_entity_hit *ref, size_t max)
{
	const pcre2_code *re = all_builtin(e);
	size_t i = 0, n = 0, url = kind_index(e, "url");

	if (!re)
		return -1;
	while (i < len) {
		PCRE2_SIZE *ov;
		uint32_t vs, ve;
		size_t kind;
		int rc = pcre2_match(re, (PCRE2_SPTR)s, len, i, PCRE2_NO_UTF_CHECK, e->md, e->mctx);
		int g;

		if (rc == PCRE2_ERROR_NOMATCH) {
			/* On to the next character. */
			for (i++; i < len && ((unsigned char)s[i] & 0xC0) == 0x80; i++)
				;
			continue;
		}
		if (rc < 0)
			return -1;
		ov = pcre2_get_ovector_pointer(e->md);
		kind = e->nuser + strtoul((const char *)pcre2_get_mark(e->md), NULL, 10);
		vs = (uint32_t)ov[0];
		ve = (uint32_t)ov[1];
		for (g = 1; g < rc; g++)
			if (ov[2 * g] != PCRE2_UNSET) {
				vs = (uint32_t)ov[2 * g];
				ve = (uint32_t)ov[2 * g + 1];
				break;
			}
		i = ov[1];
		if (kind == url) {
			int open = memchr(s + vs, '(', ve - vs) != NULL;

			while (ve > vs &&
			       (strchr(".,;:!?'\"]}>", s[ve - 1]) || (s[ve - 1] == ')' && !open)))
				ve--;
			i = ve;
		}
		if (ve > vs && n < max) {
			ref[n].kind = (uint32_t)kind;
			ref[n].start = vs;
			ref[n].end = ve;
			n++;
		}
	}
	return (int)n;
}

/* Is h among the n hits of list? */
static int has_hit(const struct tk_entity_hit *list, size_t n, const struct tk_entity_hit *h)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i].kind == h->kind && list[i].start == h->start && list[i].end == h->end)
			return 1;
	return 0;
}

/*
 * Compare tk_entities_find with the reference on s: count in miss[kind] each
 * hit that one has and the other has not, and in total[kind] each text where
 * the kind shows up at all.  Print the first few differences of each kind.
 */
static void compare(const char *s, size_t len, unsigned long *miss, unsigned long *total)
{
	static unsigned long shown[32];
	struct tk_entity_hit ref[64], got[64];
	int n = reference_scan(&ents, s, len, ref, 64), i, missing = 0;
	size_t ngot, k;
	unsigned long seen[32], bad[32];

	memset(seen, 0, sizeof(seen));
	memset(bad, 0, sizeof(bad));
	tk_entities_find(&ents, s, len, &err);
	ngot = ents.nhit < 64 ? ents.nhit : 64;
	memcpy(got, ents.hit, ngot * sizeof(*got));
	if (n < 0) {
		bad[31] = seen[31] = 1;
		n = 0;
	}
	/* A hit the reference has and find lacks is charged to its kind. */
	for (i = 0; i < n; i++) {
		k = ref[i].kind < 31 ? ref[i].kind : 31;
		seen[k] = 1;
		if (!has_hit(got, ngot, &ref[i]))
			bad[k] = missing = 1;
	}
	/* Extra hits follow from a missing one; alone they are charged to their own kind. */
	for (k = 0; k < ngot; k++) {
		size_t kk = got[k].kind < 31 ? got[k].kind : 31;

		seen[kk] = 1;
		if (!missing && !has_hit(ref, (size_t)n, &got[k]))
			bad[kk] = 1;
	}
	for (k = 0; k < 32; k++) {
		total[k] += seen[k];
		miss[k] += bad[k];
		if (bad[k] && shown[k]++ < 3) {
			printf("# %s differs on '%.*s': find '%s', reference '",
			       k < ents.n ? ents.kind[k].name : "?", (int)len, s,
			       hits_of(&ents, s, len));
			for (i = 0; i < n; i++)
				printf("%s%s=%.*s", i ? " | " : "", ents.kind[ref[i].kind].name,
				       (int)(ref[i].end - ref[i].start), s + ref[i].start);
			printf("'\n");
		}
	}
}

static void test_scan_starts(void)
{
	/* Neighbours that glue to an entity as well as ones that do not. */
	static const char *const glue[] = {
		"",  " ",  "\n",  "(",  "[",  ".",  ",", ":",  "-", "_", "x",
		"X", "1",  "é",   "中", "\"", "'",  "/", "#",  "@", "$", "+",
		"&", "a.", "ab@", "—",  "=",  "0x", "v", "::", "%",
	};
	static const char *const tail[] = { "",  ".", ",",      ")", " ok", "x",
					    "1", "-", "@x.com", ":", "/" };
	static const char *const sentences[] = {
		"Hi, my order ORD-55321 from 03/04/2024 was charged $49.99 twice; card ending "
		"4242.",
		"Error ORA-00942 on db01 (10.20.30.40) since v3.2.1, see "
		"https://status.example.com/x.",
		"Call me at +1 (415) 555-2671 or mail jane.doe@example.org - ticket #88213, ref: "
		"AB1234.",
		"App crashed: ERR_SSL_PROTOCOL_ERROR on iOS 17.1.2; build 2024.3 also, 0xC0000005!",
		"Invoice INV-2023-0042 for EUR 1.299,00 due 15 March 2024; IBAN DE89 3704 0044 "
		"0532 0130 00.",
		"Status 503 from fe80::1ff:fe23:4567:890a and ::1 at 10:30:45 on 2024-02-29.",
		"Paid £20 and 30 euros, order number 77812; case CS-99812 still open; HTTP 404.",
		"windows 11.2 and macOS 14.2.1 and Android 14, release 2.0.1-rc1, V1.2.3-beta",
		"x192.168.0.1 and 1.2.3.4.5 and 256.0.0.1 and 10.0.0.1. end",
		"Mail:bob@x.io;alice@y.co.uk,(carol@z.com) <dave@w.org>",
		"Link:https://a.io/x(y) and (https://b.io/z). Also www.c.io/?q=1, then "
		"ftp://d.io/f.",
		"Le 3 mars 2024 j'ai payé 12,50 € pour la commande 4455 — merci.",
		"Numbers: 4111-1111-1111-1111, 4111 1111 1111 1112, 5555555555554444; 555-0100; "
		"020 7946 0958",
		"On Jan. 5th, 2023 and Sept 3 and 1st of May and 3/15/24 and 15.03.2024.",
		"#12345 #12 &#1234; case#5555 Ticket: 9999 incident INC-0042",
		"ref #4521-j.doe@corp.com and $12.bob@x.com and seehttps://x.io and 1https://y.io",
		"\n\n(ORD-1234)\n[INV-2020-1]\n{v2.0}\n\"E-1234\"\n'#4444'\n",
		"Ünïcödé tëxt with 12 € and ¥500 and £3.50, ÉRROR_CODE_X and Ω-123.",
	};
	unsigned long miss[32], total[32];
	struct tk_buf text = TK_BUF_INIT;
	size_t i, g, t, k;
	int checked = 0;

	TAP_OK(all_builtin(&ents) != NULL,
	       "the combined built-in pattern is there to compare with");
	memset(miss, 0, sizeof(miss));
	memset(total, 0, sizeof(total));
	for (i = 0; i < sizeof(sentences) / sizeof(sentences[0]); i++) {
		compare(sentences[i], strlen(sentences[i]), miss, total);
		checked++;
	}
	for (i = 0; i < NSAMPLES; i++)
		for (g = 0; g < sizeof(glue) / sizeof(glue[0]); g++)
			for (t = 0; t < sizeof(tail) / sizeof(tail[0]); t++) {
				tk_buf_reset(&text);
				tk_buf_addf(&text, "%s%s%s", glue[g], samples[i].text, tail[t]);
				compare(text.buf, text.len, miss, total);
				tk_buf_reset(&text);
				tk_buf_addf(&text, "%s %s%s%s", samples[(i + 7) % NSAMPLES].text,
					    glue[g], samples[i].text, tail[t]);
				compare(text.buf, text.len, miss, total);
				checked += 2;
			}
	for (k = 0; k < 13 && k < ents.n; k++) {
		TAP_INT(miss[k], 0,
			"%s: tk_entities_find agrees with a scan at every character "
			"(%lu of %d texts)",
			ents.kind[k].name, total[k], checked);
	}
	tk_buf_release(&text);
}

int main(void)
{
	int i;

	tk_entities_init(&ents);
	i = tk_entities_add_builtin(&ents, &err);
	TAP_INT(i, 0, "the built-in kinds compile");
	TAP_INT(tk_entities_add_builtin(&ents, &err), 0, "adding them twice is harmless");
	test_kinds();
	test_negatives();
	test_priority();
	test_json_and_redact();
	test_user_patterns();
	test_catastrophic();
	test_positions();
	test_scan_starts();
	tk_entities_release(&ents);
	TAP_INT(tap_tmpdir_remove(), 0, "every temporary file was removed");
	return tap_done();
}

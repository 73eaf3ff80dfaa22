/*
 * tk-anomaly state files (--state): the input is the file's body (given
 * the header and checksum that make it pass, version 1 or 2) or, when it
 * starts with the magic, the whole file.  A state that loads - counting tickets, or with
 * --series values - goes on with a few tickets or points around its clock
 * and windows up to its end, as the next run of the tool would.
 */
#include <math.h>

#include "anomaly.h"
#include "fuzz.h"

#define MAGIC "ticketkit-anomaly-state"

static int emit(void *ctx, const struct tk_alert *a)
{
	size_t i;

	(void)ctx;
	if (!isfinite(a->observed) || !isfinite(a->expected) || !isfinite(a->score) || !isfinite(a->start)) {
		fprintf(stderr, "fuzz: observed %g expected %g score %g\n", a->observed, a->expected, a->score);
		fuzz_fail("an alert with a number JSON cannot hold");
	}
	if (a->nterm > 8 || a->nexample > 5)
		fuzz_fail("an alert with too many terms or examples");
	for (i = 0; i < a->nterm; i++)
		if (!a->terms[i])
			fuzz_fail("an alert term is NULL");
	for (i = 0; i < a->nexample; i++)
		if (!a->examples[i])
			fuzz_fail("an alert example is NULL");
	return 0;
}

static void go_on(struct tk_anomaly *an)
{
	static const char *const terms[] = { "checkout", "e-4012", "fails", "checkout" };
	double t = isfinite(an->clock) ? an->clock : 1.7e9;
	size_t i;
	struct tk_akey *k = an->nkey ? an->key[0] : tk_anomaly_key(an, "all", 3);

	for (i = 0; i < 6; i++) {
		if (an->series)
			tk_anomaly_point(an, k, t + (double)i * 60, (double)i * 3.5);
		else
			tk_anomaly_ticket(an, k, t + (double)i * 600, i % 2 ? "T-1" : "T-2", "C-9", terms, 4);
	}
	tk_anomaly_advance(an, t + 4 * 3600);
	an->now = t + 5 * 3600;
	tk_anomaly_finish(an, 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tk_buf file = TK_BUF_INIT;
	struct tk_anomaly an;
	struct tk_error err;
	/* A body is read as a version 1 file (no contexts: learnt from the points kept)
	   or a version 2 one, by the parity of its size. */
	const char *path = fuzz_checked_file(MAGIC, size % 2 ? 1 : 2, data, size, &file);
	int series;

	for (series = 0; series < 2; series++) {
		tk_anomaly_init(&an);
		an.series = series;
		an.emit = emit;
		an.emit_all = 1;
		if (tk_anomaly_load(&an, path, &err) == 0)
			go_on(&an);
		tk_anomaly_release(&an);
	}
	tk_buf_release(&file);
	return 0;
}

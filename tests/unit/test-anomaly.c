/*
 * Unit tests for lib/anomaly.c through its API: a key judged only after a
 * week, a spike against two flat weeks raising one alert with its terms and
 * examples, a three-window incident raising one alert, a drop to zero, a
 * partial last window judged for spikes only, --series scores (far
 * values, contexts never seen, the rest after them), and state files saved
 * and loaded back exactly.
 */
#include <math.h>
#include <stdlib.h>

#include "anomaly.h"
#include "file.h"
#include "tap.h"

struct seen {
	int alerts, windows, judged;
	double last_score;
	char kind[8], terms[200], examples[200];
};

static int record(void *ctx, const struct tk_alert *a)
{
	struct seen *s = ctx;
	size_t i;

	s->windows++;
	s->judged += a->judged;
	s->last_score = a->score;
	if (!a->alert)
		return 0;
	s->alerts++;
	snprintf(s->kind, sizeof(s->kind), "%s", a->drop ? "drop" : "spike");
	s->terms[0] = s->examples[0] = '\0';
	for (i = 0; i < a->nterm; i++)
		snprintf(s->terms + strlen(s->terms), sizeof(s->terms) - strlen(s->terms), "%s%s", i ? "," : "",
			 a->terms[i]);
	for (i = 0; i < a->nexample; i++)
		snprintf(s->examples + strlen(s->examples), sizeof(s->examples) - strlen(s->examples), "%s%s",
			 i ? "," : "", a->examples[i]);
	return 0;
}

/* Hours [from, to) of tickets, n an hour, each with the terms given. */
static void hours(struct tk_anomaly *an, struct tk_akey *k, int from, int to, int n, const char *const *terms,
		  size_t nterm, const char *prefix)
{
	char id[32];
	int h, i;

	for (h = from; h < to; h++)
		for (i = 0; i < n; i++) {
			snprintf(id, sizeof(id), "%s%d.%d", prefix, h, i);
			tk_anomaly_ticket(an, k, 1767571200.0 + h * 3600 + i * 3600.0 / n, id, id, terms, nterm);
		}
}

static void test_counts(void)
{
	static const char *const usual[] = { "login", "problem" };
	static const char *const odd[] = { "checkout", "e-4012", "problem" };
	struct tk_anomaly an;
	struct seen s = { 0 };
	struct tk_akey *k;

	tk_anomaly_init(&an);
	an.emit = record;
	an.ctx = &s;
	an.emit_all = 1;
	k = tk_anomaly_key(&an, "all", 3);
	hours(&an, k, 0, 168, 10, usual, 2, "a");
	tk_anomaly_advance(&an, 1767571200.0 + 168 * 3600);
	TAP_INT(s.windows, 168, "a week of windows closed");
	TAP_INT(s.judged, 0, "none judged: a key needs a week");
	hours(&an, k, 168, 340, 10, usual, 2, "b");
	for (int h = 340; h < 343; h++) {
		hours(&an, k, h, h + 1, 30, odd, 3, "x");
		hours(&an, k, h, h + 1, 10, usual, 2, "c");
	}
	hours(&an, k, 343, 346, 10, usual, 2, "d");
	tk_anomaly_advance(&an, 1767571200.0 + 346 * 3600);
	TAP_INT(s.alerts, 1, "three anomalous hours in a row are one incident, one alert");
	TAP_STR(s.kind, "spike", "a spike");
	TAP_STR(s.terms, "checkout,e-4012", "its terms are the incident's, not the usual ones");
	TAP_STR(s.examples, "x340.0,x340.1,x340.2,x340.3,x340.4", "its examples are incident tickets");
	hours(&an, k, 346, 348, 10, usual, 2, "e");
	hours(&an, k, 351, 360, 10, usual, 2, "f");
	tk_anomaly_advance(&an, 1767571200.0 + 360 * 3600);
	TAP_INT(s.alerts, 2, "three hours without a ticket are a drop, a new incident");
	TAP_STR(s.kind, "drop", "a drop");
	s.alerts = 0;
	hours(&an, k, 360, 361, 3, usual, 2, "g");
	tk_anomaly_finish(&an, 0);
	TAP_INT(s.alerts, 0, "a short last window is not a drop: it may be partial");
	tk_anomaly_release(&an);
}

/* A series watcher that records every scored point in s. */
static void series_init(struct tk_anomaly *an, struct seen *s)
{
	tk_anomaly_init(an);
	an->series = 1;
	an->emit = record;
	an->ctx = s;
	an->emit_all = 1;
}

static void test_series(void)
{
	struct tk_anomaly an;
	struct seen s = { 0 };
	struct tk_akey *k;
	int i;

	series_init(&an, &s);
	k = tk_anomaly_key(&an, "all", 3);
	for (i = 0; i < 40; i++)
		tk_anomaly_point(&an, k, i * 60.0, 10 + i % 2);
	TAP_OK(s.last_score < 0.5, "an ordinary point scores low (%g)", s.last_score);
	tk_anomaly_point(&an, k, 40 * 60.0, 100);
	/* 100 is 179 standard deviations (0.5) above 10.5: 1 - exp(-179 / 4) */
	TAP_OK(s.last_score > 0.999999, "a far point scores near 1 (%.9f)", s.last_score);
	TAP_INT(s.alerts, 1, "and raises an alert");
	tk_anomaly_release(&an);
}

/* A saw tooth 0, 1, ... 7 again and again: a value in its range out of turn is a new context. */
static void test_series_context(void)
{
	struct tk_anomaly an;
	struct seen s = { 0 };
	struct tk_akey *k;
	double before;
	int i;

	series_init(&an, &s);
	an.threshold = 0.83;
	k = tk_anomaly_key(&an, "all", 3);
	for (i = 0; i < 400; i++)
		tk_anomaly_point(&an, k, i * 60.0, i % 8);
	TAP_OK(s.last_score < 0.1 && s.alerts == 0, "a known pattern scores low (%g), no alert", s.last_score);
	tk_anomaly_point(&an, k, 400 * 60.0, 3.5);
	TAP_OK(s.last_score > 0.83, "a value in range out of turn scores high (%g)", s.last_score);
	TAP_INT(s.alerts, 1, "and raises an alert");
	before = s.last_score;
	for (i = 401; i < 420; i++)
		tk_anomaly_point(&an, k, i * 60.0, i % 8);
	TAP_OK(s.last_score == 0 && before > 0, "the key rests after it: the points after score 0");
	tk_anomaly_release(&an);
}

static void test_state(void)
{
	static const char *const usual[] = { "login" };
	struct tk_anomaly a, b;
	struct tk_error err;
	struct tk_akey *k;
	char *path = tap_write_tmp("state", "");
	int i;

	tk_anomaly_init(&a);
	k = tk_anomaly_key(&a, "team=x", 6);
	hours(&a, k, 0, 200, 3, usual, 1, "a");
	TAP_INT(tk_anomaly_save(&a, path, &err), 0, "a state file is saved");
	tk_anomaly_init(&b);
	TAP_INT(tk_anomaly_load(&b, path, &err), 0, "and loaded");
	TAP_INT(b.nkey, 1, "with its key");
	TAP_STR(b.key[0]->name, "team=x", "by name");
	for (i = 0; i < TK_WEEK_BUCKETS && a.key[0]->mean[i] == b.key[0]->mean[i]; i++)
		;
	TAP_INT(i, TK_WEEK_BUCKETS, "every bucket of the week comes back exactly");
	TAP_OK(a.key[0]->level == b.key[0]->level && a.key[0]->start == b.key[0]->start &&
		       a.key[0]->count == b.key[0]->count && a.clock == b.clock,
	       "level, open window and clock come back exactly");
	tk_anomaly_release(&b);
	tk_anomaly_init(&b);
	b.window = 60;
	TAP_INT(tk_anomaly_load(&b, path, &err), -1, "a state of other windows is refused");
	TAP_STR(err.msg, "the state was kept with windows of 3600 s, not 60 s", "saying why");
	tk_anomaly_release(&b);
	tk_anomaly_release(&a);
	/* Well-formed files whose content is not a state: each refused, saying what is wrong. */
	{
		static const struct {
			const char *body, *msg;
		} bad[] = {
			{ "[1]", "damaged state file: not a JSON object" },
			{ "{\"window\":3600,\"series\":false,\"settings\":\"\",\"clock\":null,\"keys\":[{\"name\":\"all\"}]}",
			  "damaged state file: all: 'mean' is missing or of the wrong type" },
			{ "{\"window\":3600,\"series\":false,\"settings\":\"\",\"clock\":null,\"keys\":[{\"name\":\"all\",\"mean\":[1]}]}",
			  "damaged state file: all: 'mean' has the wrong length" },
			{ "{\"window\":3600,\"series\":false,\"settings\":\"-k team\",\"clock\":null,\"keys\":[]}",
			  "the state was kept with other settings (-k team there, no -k or --range here)" },
		};
		for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++) {
			TAP_INT(tk_file_save_checked(path, "ticketkit-anomaly-state", 2, bad[i].body, strlen(bad[i].body),
						     &err),
				0, "a checked file with body %d is written", i);
			tk_anomaly_init(&b);
			TAP_INT(tk_anomaly_load(&b, path, &err), -1, "and refused");
			TAP_STR(err.msg, bad[i].msg, "saying why");
			tk_anomaly_release(&b);
		}
	}
	(void)remove(path);
	free(path);
}

int main(void)
{
	test_counts();
	test_series();
	test_series_context();
	test_state();
	tap_tmpdir_remove();
	return tap_done();
}

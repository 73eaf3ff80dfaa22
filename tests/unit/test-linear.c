/*
 * Unit tests for lib/linear.c and lib/train.c: the idf and TF-IDF
 * formulas, collecting tickets (df counts, held-out tickets not counted),
 * training errors, a trained model that separates its labels, save and
 * load round trip with identical scores, the checksum as tk-model(5)
 * describes it (a hand-made header with a wrong member, checksummed that
 * way, is refused for the member, not the checksum), probabilities,
 * explanations, updates that add a label, and merging models.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linear.h"
#include "tap.h"

static const char *const docs[][2] = {
	{ "billing", "I was charged twice, please refund the payment" },
	{ "billing", "the invoice amount is wrong, refund the difference" },
	{ "billing", "my card was charged for a cancelled plan" },
	{ "billing", "please send a receipt for the payment" },
	{ "billing", "refund my subscription payment" },
	{ "billing", "the price on my invoice went up" },
	{ "login", "I cannot log in, my password is rejected" },
	{ "login", "the password reset email never arrives" },
	{ "login", "my account is locked after login attempts" },
	{ "login", "two factor code rejected at sign in" },
	{ "login", "sign in page loops, cannot log in" },
	{ "login", "forgot my password and username" },
	{ "shipping", "my parcel has not arrived, tracking shows nothing" },
	{ "shipping", "the package arrived damaged" },
	{ "shipping", "change the delivery address of my parcel" },
	{ "shipping", "courier did not deliver the package" },
	{ "shipping", "one item missing from the delivery" },
	{ "shipping", "tracking number for my parcel please" },
};
#define NDOCS (sizeof(docs) / sizeof(docs[0]))

static void tokens_of(const char *text, struct tk_tokens *t)
{
	struct tk_tokenizer tz = { 0, NULL };

	tk_tokens_reset(t);
	tk_tokenize(&tz, text, strlen(text), t);
}

static void test_formulas(void)
{
	uint32_t col[3] = { 0, 1, 2 }, cnt[3] = { 1, 3, 2 };
	float idf[3] = { 1, 2, 1 }, val[3];
	double a, b;

	TAP_OK(fabs(tk_idf(9, 4) - (log(10.0 / 5.0) + 1)) < 1e-12, "idf is ln((1+N)/(1+df)) + 1");
	TAP_OK(fabs(tk_idf(5, 5) - 1) < 1e-12, "a feature in every ticket has idf 1");
	/* Column 0 is the word block (nword 1), columns 1 and 2 the character block. */
	tk_tfidf(col, cnt, val, 3, idf, 1);
	TAP_OK(fabsf(val[0] - 1) < 1e-6, "a block of one feature has it at length 1");
	a = (1 + log(3.0)) * 2;
	b = 1 + log(2.0);
	TAP_OK(fabs(val[1] - a / sqrt(a * a + b * b)) < 1e-6 &&
		       fabs(val[2] - b / sqrt(a * a + b * b)) < 1e-6,
	       "sublinear tf times idf, the character block at unit length");
}

static void collect(struct tk_trainset *ts, size_t n)
{
	struct tk_tokens t;
	size_t i;

	tk_tokens_init(&t);
	for (i = 0; i < n; i++) {
		tokens_of(docs[i][1], &t);
		tk_trainset_add(ts, docs[i][0], strlen(docs[i][0]), &t, 0);
	}
	tk_tokens_release(&t);
}

static void test_trainset(void)
{
	struct tk_trainopts o;
	struct tk_trainset ts;
	struct tk_tokens t;
	struct tk_linear m;
	struct tk_error err;
	size_t e, refund = 0, found = 0;
	uint32_t key = tk_hash32("refund", 6, TK_SEED_WORD);

	tk_trainopts_init(&o);
	tk_trainset_init(&ts, &o.feat);
	tk_tokens_init(&t);
	TAP_INT(tk_linear_train(&m, &ts, NULL, &o, &err), -1, "no tickets: an error");
	TAP_STR(err.msg, "no labelled tickets to train on", "it says so");
	collect(&ts, 6);
	TAP_INT(tk_linear_train(&m, &ts, NULL, &o, &err), -1, "one label only: an error");
	TAP_STR(err.msg, "need tickets of at least two labels to train, found only 'billing'",
		"it names the label");
	tokens_of("refund refund please", &t);
	tk_trainset_add(&ts, "login", 5, &t, 1);
	TAP_INT(ts.nlabel, 2, "a held-out ticket's label is a label");
	TAP_INT(ts.nheldout, 1, "and the ticket is held out");
	for (e = 0; e < ts.nent; e++)
		if (ts.hash[e] == key && ts.isword[e]) {
			found++;
			refund = ts.df[e];
		}
	TAP_INT(found, 1, "'refund' is one word entry");
	TAP_INT(refund, 3, "its df counts the 3 training tickets with it, not the held-out one");
	TAP_INT(tk_linear_train(&m, &ts, NULL, &o, &err), -1,
		"a label seen only in held-out tickets does not make two labels to train");
	tk_trainset_release(&ts);
	tk_tokens_release(&t);
}

static long argmax(const double *s, size_t n)
{
	size_t k, best = 0;

	for (k = 1; k < n; k++)
		if (s[k] > s[best])
			best = k;
	return (long)best;
}

/* The checksum as tk-model(5) describes it, written again here for hand-made files. */
static uint64_t doc_checksum(const unsigned char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u, w;
	size_t i, k;

	for (i = 0; i + 8 <= n; i += 8) {
		for (w = 0, k = 0; k < 8; k++)
			w |= (uint64_t)p[i + k] << (8 * k);
		h = (h ^ w) * 0x100000001b3u;
		h ^= h >> 29;
	}
	for (; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3u;
	return h;
}

static void test_train_save_load(void)
{
	struct tk_trainopts o;
	struct tk_trainset ts;
	struct tk_linear m, l;
	struct tk_linear_doc d1, d2;
	struct tk_tokens t;
	struct tk_error err;
	struct tk_buf names = TK_BUF_INIT;
	double s1[3], s2[3], p[3], w[3];
	char *path;
	size_t i, right = 0, same = 1, n;
	FILE *f;

	tk_trainopts_init(&o);
	o.valid_share = 0;
	tk_trainset_init(&ts, &o.feat);
	collect(&ts, NDOCS);
	TAP_INT(tk_linear_train(&m, &ts, NULL, &o, &err), 0, "training on 18 tickets of 3 labels");
	TAP_INT(m.nlabel, 3, "3 labels");
	TAP_OK(!m.calibrated, "nothing held out: not calibrated");
	path = tap_write_tmp("m.model", "");
	TAP_INT(tk_linear_save(&m, path, &err), 0, "saved");
	TAP_INT(tk_linear_load(&l, path, &err), 0, "and loaded");
	tk_linear_doc_init(&d1);
	tk_linear_doc_init(&d2);
	tk_tokens_init(&t);
	for (i = 0; i < NDOCS; i++) {
		tokens_of(docs[i][1], &t);
		tk_linear_scores(&m, &t, &d1, s1);
		tk_linear_scores(&l, &t, &d2, s2);
		/* The same bits, not only equal values: a loaded model scores exactly as it did. */
		/* NOLINTNEXTLINE(bugprone-suspicious-memory-comparison,cert-exp42-c,cert-flp37-c) */
		same &= memcmp(s1, s2, sizeof(s1)) == 0;
		right += strcmp(m.label[argmax(s1, 3)], docs[i][0]) == 0;
	}
	TAP_INT(right, NDOCS, "the model labels its own training tickets right");
	TAP_OK(same, "the loaded model gives the very same scores");

	tokens_of("where is my parcel, the tracking shows no delivery", &t);
	tk_linear_scores(&l, &t, &d2, s2);
	TAP_STR(l.label[argmax(s2, 3)], "shipping", "a new shipping ticket is shipping");
	tk_linear_softmax(&l, s2, p);
	TAP_OK(fabs(p[0] + p[1] + p[2] - 1) < 1e-9, "the softmax sums to 1");
	TAP_OK(tk_linear_applies(&l, 5) > 0.5 && tk_linear_applies(&l, -5) < 0.5,
	       "applies() grows with the score");
	n = tk_linear_explain(&l, &t, &d2, (size_t)argmax(s2, 3), 3, &names, w);
	TAP_OK(n >= 1 && n <= 3, "explain gives up to 3 terms (%zu)", n);
	TAP_OK(n < 2 || w[0] >= w[1], "strongest first");
	TAP_OK(strcmp(names.buf, "tracking") == 0 || strcmp(names.buf, "parcel") == 0 ||
		       strcmp(names.buf, "delivery") == 0,
	       "the strongest term is a shipping word ('%s')", names.buf);

	/* A header with a bad member and a right checksum: refused for the member. */
	tk_linear_release(&l);
	f = fopen(path, "wb");
	{
		const char *text = "ticketkit-model 1\n{\"type\":\"linear-ovr\",\"tokenizer\":[\"rot13\"]}\n";
		uint64_t sum = doc_checksum((const unsigned char *)text, strlen(text));
		unsigned char b[8];

		for (i = 0; i < 8; i++)
			b[i] = (unsigned char)(sum >> (8 * i));
		fwrite(text, 1, strlen(text), f);
		fwrite(b, 1, 8, f);
	}
	(void)fclose(f); /* a short file fails the load with another message */
	TAP_INT(tk_linear_load(&l, path, &err) == -1 ? -1 : (tk_linear_release(&l), 0), -1,
		"an unknown tokenizer setting is refused");
	TAP_OK(strstr(err.msg, "model needs tokenizer setting 'rot13'") != NULL,
	       "for what it is, so the checksum is the one tk-model(5) describes: %s", err.msg);

	/* Headers that parse but are wrong, each refused for what is wrong with it. */
	{
		static const struct {
			const char *header, *want;
		} bad[] = {
			{ "{}", "header lacks a valid 'tokenizer'" },
			{ "{\"tokenizer\":[],\"word_ngrams\":99}", "'word_ngrams' out of range" },
			{ "{\"tokenizer\":[],\"word_ngrams\":2,\"char_ngrams\":[5,2]}", "'char_ngrams' out of range" },
			{ "{\"tokenizer\":[],\"word_ngrams\":2,\"char_ngrams\":[2,5],\"min_count\":2,"
			  "\"cost\":1,\"balanced\":false,\"labels\":[]}",
			  "corrupt model: 0 labels" },
			{ "{\"tokenizer\":[],\"word_ngrams\":2,\"char_ngrams\":[2,5],\"min_count\":2,"
			  "\"cost\":1,\"balanced\":false,\"labels\":[\"a\",7]}",
			  "label 2 is not a string" },
			{ "{\"tokenizer\":[],\"word_ngrams\":2,\"char_ngrams\":[2,5],\"min_count\":2,"
			  "\"cost\":1,\"balanced\":false,\"labels\":[\"a\",\"b\"],\"features\":0,"
			  "\"word_features\":0,\"weights\":0,\"documents\":2,\"weight_scale\":1,"
			  "\"temperature\":-1,\"platt_a\":1,\"platt_b\":0,\"payload\":8}",
			  "calibration out of range" },
			{ "{\"tokenizer\":[],\"word_ngrams\":2,\"char_ngrams\":[2,5],\"min_count\":2,"
			  "\"cost\":1,\"balanced\":false,\"labels\":[\"a\",\"b\"],\"features\":0,"
			  "\"word_features\":0,\"weights\":0,\"documents\":2,\"weight_scale\":1,"
			  "\"temperature\":1,\"platt_a\":1,\"platt_b\":0,\"payload\":0,\"calibrated\":true,"
			  "\"summary\":{}}",
			  "payload size does not match the header" },
		};
		size_t b;

		for (b = 0; b < sizeof(bad) / sizeof(bad[0]); b++) {
			struct tk_buf file = TK_BUF_INIT;
			uint64_t sum;
			unsigned char c[8];

			tk_buf_addf(&file, "ticketkit-model 1\n%s\n", bad[b].header);
			sum = doc_checksum((const unsigned char *)file.buf, file.len);
			for (i = 0; i < 8; i++)
				c[i] = (unsigned char)(sum >> (8 * i));
			f = fopen(path, "wb");
			fwrite(file.buf, 1, file.len, f);
			fwrite(c, 1, 8, f);
			(void)fclose(f);
			TAP_OK(tk_linear_load(&l, path, &err) == -1 && strstr(err.msg, bad[b].want),
			       "refused: %s (%s)", bad[b].want, err.msg);
			tk_buf_release(&file);
		}
	}

	(void)remove(path);
	free(path);
	tk_buf_release(&names);
	tk_tokens_release(&t);
	tk_linear_doc_release(&d1);
	tk_linear_doc_release(&d2);
	tk_linear_release(&m);
	tk_trainset_release(&ts);
	TAP_INT(tap_tmpdir_remove(), 0, "no file left behind");
}

static void test_update(void)
{
	struct tk_trainopts o;
	struct tk_trainset ts, up;
	struct tk_linear m, u;
	struct tk_linear_doc d;
	struct tk_tokens t;
	struct tk_error err;
	double s[4];
	static const char *const privacy[] = {
		"delete my personal data under gdpr", "export all my personal data",
		"erase my data please, gdpr request", "who can see my personal data",
	};
	size_t i;

	tk_trainopts_init(&o);
	o.valid_share = 0;
	tk_trainset_init(&ts, &o.feat);
	collect(&ts, NDOCS);
	tk_linear_train(&m, &ts, NULL, &o, &err);
	tk_trainset_from(&up, &m);
	TAP_INT(up.nlabel, 3, "an update starts from the model's labels");
	TAP_INT(up.nent, m.nfeat, "and its features");
	tk_tokens_init(&t);
	for (i = 0; i < 4; i++) {
		tokens_of(privacy[i], &t);
		tk_trainset_add(&up, "privacy", 7, &t, 0);
	}
	tokens_of(docs[0][1], &t);
	tk_trainset_add(&up, "billing", 7, &t, 0);
	TAP_INT(tk_linear_train(&u, &up, &m, &o, &err), 0, "an update with a new label");
	TAP_INT(u.nlabel, 4, "it has the new label too");
	TAP_INT(u.ndocs, NDOCS + 5, "it counts every ticket seen");
	tk_linear_doc_init(&d);
	tokens_of("please erase my personal data", &t);
	tk_linear_scores(&u, &t, &d, s);
	TAP_STR(u.label[argmax(s, 4)], "privacy", "a privacy ticket gets the new label");
	tokens_of("my parcel has not arrived, tracking shows nothing", &t);
	tk_linear_scores(&u, &t, &d, s);
	TAP_STR(u.label[argmax(s, 4)], "shipping", "and a shipping ticket is still shipping");
	tk_linear_doc_release(&d);
	tk_tokens_release(&t);
	tk_linear_release(&u);
	tk_linear_release(&m);
	tk_trainset_release(&ts);
	tk_trainset_release(&up);
}

/* A model of the docs whose index is i0, i0 + step, ... with o's settings. */
static void train_shard(struct tk_linear *m, const struct tk_trainopts *o, size_t i0, size_t step)
{
	struct tk_trainset ts;
	struct tk_tokens t;
	struct tk_error err;
	size_t i;

	tk_trainset_init(&ts, &o->feat);
	tk_tokens_init(&t);
	for (i = i0; i < NDOCS; i += step) {
		tokens_of(docs[i][1], &t);
		tk_trainset_add(&ts, docs[i][0], strlen(docs[i][0]), &t, 0);
	}
	tk_linear_train(m, &ts, NULL, o, &err);
	tk_tokens_release(&t);
	tk_trainset_release(&ts);
}

static void test_merge(void)
{
	struct tk_trainopts o;
	struct tk_linear a, b, c, m, r;
	const struct tk_linear *in[2];
	const char *names[2] = { "a.model", "b.model" };
	struct tk_error err;
	long fa = -1, fb = -1, f;
	size_t i, k, ndocs;
	double scores[2 * 3] = { 3, 1, 0, 0, 2, 1 };
	uint32_t y[2] = { 0, 2 };
	float want;

	tk_trainopts_init(&o);
	o.valid_share = 0;
	train_shard(&a, &o, 0, 2);
	train_shard(&b, &o, 1, 2);
	in[0] = &a;
	in[1] = &b;
	TAP_INT(tk_linear_merge(&m, in, names, 0, &err), -1, "merging no models: an error");
	TAP_STR(err.msg, "no models to merge", "it says so");
	TAP_INT(tk_linear_merge(&m, in, names, 2, &err), 0, "two shards of the tickets merge");
	TAP_INT(m.nlabel, 3, "the merged model has their labels");
	ndocs = NDOCS;
	TAP_OK(m.ndocs == (double)ndocs, "and counts the tickets of both");
	/* A word of one shard only keeps its weight; one of both gets their weighted mean. */
	for (i = 0; i < m.nfeat; i++) {
		f = -1;
		for (k = 0; k < b.nfeat; k++)
			if (b.hash[k] == m.hash[i])
				f = (long)k;
		if (f < 0 && fa < 0)
			fa = (long)i;
		if (f >= 0 && fb < 0 && i < m.nword && tk_linear_weight(&m, i, 0) != 0)
			fb = (long)i;
	}
	TAP_OK(fa >= 0 && fb >= 0, "there are features of one shard and of both");
	for (k = 0; k < a.nfeat && a.hash[k] != m.hash[fa]; k++)
		;
	TAP_OK(fabsf(tk_linear_weight(&m, (size_t)fa, 0) - tk_linear_weight(&a, k, 0)) <= 2 * m.wscale,
	       "a feature of one shard has that shard's weight");
	want = 0;
	for (k = 0; k < a.nfeat; k++)
		if (a.hash[k] == m.hash[fb])
			want += (float)a.ndocs * tk_linear_weight(&a, k, 0);
	for (k = 0; k < b.nfeat; k++)
		if (b.hash[k] == m.hash[fb])
			want += (float)b.ndocs * tk_linear_weight(&b, k, 0);
	want /= (float)(a.ndocs + b.ndocs);
	TAP_OK(fabsf(tk_linear_weight(&m, (size_t)fb, 0) - want) <= 2 * m.wscale,
	       "a feature of both has the mean of their weights, weighted by their tickets");
	TAP_OK(fabsf(m.bias[1] - (float)((a.ndocs * a.bias[1] + b.ndocs * b.bias[1]) / (a.ndocs + b.ndocs))) < 1e-6,
	       "so does a bias");
	in[0] = &b;
	in[1] = &a;
	tk_linear_merge(&r, in, names, 2, &err);
	TAP_OK(r.nfeat == m.nfeat && r.nnz == m.nnz && memcmp(r.hash, m.hash, m.nfeat * 4) == 0 &&
		       memcmp(r.wt, m.wt, m.nnz * sizeof(*m.wt)) == 0,
	       "the other order gives the same model");
	tk_linear_release(&r);

	tk_linear_calibrate(&m, scores, y, 0);
	TAP_INT(m.calibrated, 0, "no tickets to calibrate on: still uncalibrated");
	tk_linear_calibrate(&m, scores, y, 2);
	TAP_INT(m.calibrated, 1, "calibrated on tickets");
	TAP_OK(strstr(m.summary, "\"held_out\":2,\"validation_accuracy\":0.5000") != NULL,
	       "the summary counts them and gives the accuracy on them");

	/* Other settings: refused, naming the model. */
	o.feat.words = 2;
	train_shard(&c, &o, 0, 3);
	in[0] = &a;
	in[1] = &c;
	TAP_INT(tk_linear_merge(&r, in, names, 2, &err), -1, "models of other settings: an error");
	TAP_STR(err.file, "b.model", "it names the model");
	TAP_STR(err.msg, "--word-ngrams 2, not 3 as in 'a.model': models to merge need the same settings",
		"and the setting");
	tk_linear_release(&a);
	tk_linear_release(&b);
	tk_linear_release(&c);
	tk_linear_release(&m);
}

int main(void)
{
	test_formulas();
	test_trainset();
	test_train_save_load();
	test_update();
	test_merge();
	return tap_done();
}

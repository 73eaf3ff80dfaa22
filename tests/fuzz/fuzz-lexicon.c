/*
 * Sentiment lexicons (tk-sentiment --lexicon): the input is a lexicon TSV,
 * parsed with tk_lexicon_parse() on its own and over a few built-in
 * entries; one that loads scores a few texts and the lexicon's own text.
 * Scores must stay in their ranges.
 */
#include <math.h>

#include "fuzz.h"
#include "sentiment.h"
#include "utf8.h"

static const char *const texts[] = {
	"This is NOT good at all!!! Third time I write: production is down, cancel my subscription :(",
	"thanks in advance, the new version is extremely nice but a bit slow",
	"",
	"\xf0\x9f\x98\xa1 \xf0\x9f\x98\xa1 WHY WHY WHY",
};

static void score(const struct tk_lexicon *l, const char *s, size_t len, struct tk_senti *r)
{
	tk_senti_score(l, s, len, r);
	if (!(r->score >= -1 && r->score <= 1) || !(r->frustration >= 0 && r->frustration <= 1) ||
	    !(r->urgency >= 0 && r->urgency <= 1) || !(r->churn >= 0 && r->churn <= 1)) {
		fprintf(stderr, "fuzz: score %g frustration %g urgency %g churn %g\n", r->score, r->frustration,
			r->urgency, r->churn);
		fuzz_fail("a sentiment score out of range");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tk_lexicon l;
	struct tk_senti r;
	struct tk_error err;
	struct tk_buf text = TK_BUF_INIT;
	size_t i;
	int base;

	tk_buf_grow(&text, 1);
	tk_buf_reset(&text);
	tk_utf8_sanitize((const char *)data, size, &text);
	for (base = 0; base < 2; base++) {
		tk_lexicon_init(&l);
		tk_senti_init(&r);
		if (base) {
			tk_lexicon_set(&l, "good", 4, TK_SENTI_POLARITY, 1.9f);
			tk_lexicon_set(&l, "not", 3, TK_SENTI_NEGATION, -0.7f);
			tk_lexicon_set(&l, "but", 3, TK_SENTI_CONTRAST, 1.5f);
		}
		if (tk_lexicon_parse(&l, (const char *)data, size, "fuzz.tsv", &err) == 0) {
			for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
				score(&l, texts[i], strlen(texts[i]), &r);
			score(&l, text.buf, text.len, &r);
		}
		tk_senti_release(&r);
		tk_lexicon_release(&l);
	}
	tk_buf_release(&text);
	return 0;
}

/*
 * Unit tests for lib/sentiment.c: lexicon files (folding, phrases,
 * symbols, numbers, kinds, errors), each rule with exact values on a tiny
 * lexicon (negation, intensifier, capitals, contrast, "!", long texts,
 * other languages), the noisy or of cues, and learning.
 */
#include <math.h>
#include <string.h>

#include "sentiment.h"
#include "tap.h"

static const char lexicon[] = "good\t2\n"
			      "Bad Service\t-3\n"
			      "not\t-0.5\tnegation\n"
			      "very\t0.5\tintensifier\n"
			      "but\t2\tcontrast\n"
			      ":)\t1\n"
			      "<3\t1\n"
			      "for 3 days\t0.5\tfrustration\n"
			      "again\t0.4\tfrustration\n"
			      "down\t0.6\turgency\n"
			      "cancel\t0.7\tchurn\n";

static double squash(double s)
{
	return s / sqrt(s * s + TK_SENTI_ALPHA);
}

static double score(const struct tk_lexicon *l, struct tk_senti *r, const char *text)
{
	tk_senti_score(l, text, strlen(text), r);
	return r->s;
}

static void test_parse(void)
{
	struct tk_lexicon l;
	struct tk_error err;
	int idx;

	tk_lexicon_init(&l);
	TAP_INT(tk_lexicon_parse(&l, lexicon, strlen(lexicon), "t.tsv", &err), 0, "a lexicon parses");
	TAP_OK(tk_wordset_get(&l.index, "bad service", 11, &idx) && l.e[idx].ntok == 2,
	       "a phrase is its folded words joined by a space");
	TAP_OK(tk_wordset_get(&l.index, ":)", 2, &idx) && l.e[idx].ntok == 0, "':)' is a symbol");
	TAP_OK(tk_wordset_get(&l.index, "<3", 2, &idx) && l.e[idx].ntok == 0,
	       "'<3' is a symbol, not a number");
	TAP_INT(tk_lexicon_parse(&l, ":D\t2\n:-P\t1\nD:\t-2\ndon't\t0\n", 25, "s.tsv", &err), 0,
		"emoticons with letters parse");
	TAP_OK(tk_wordset_get(&l.index, ":D", 2, &idx) && l.e[idx].ntok == 0 &&
		       tk_wordset_get(&l.index, ":-P", 3, &idx) && l.e[idx].ntok == 0 &&
		       tk_wordset_get(&l.index, "D:", 2, &idx) && l.e[idx].ntok == 0,
	       "':D', ':-P' and 'D:' are symbols, not the words 'd' and 'p'");
	TAP_OK(!tk_wordset_get(&l.index, "d", 1, &idx) && tk_wordset_get(&l.index, "don't", 5, &idx) &&
		       l.e[idx].ntok == 1,
	       "an apostrophe inside a word leaves it a word");
	TAP_OK(tk_wordset_get(&l.index, "for <num> days", 14, &idx), "a number in a term stands for any");
	TAP_OK(tk_wordset_get(&l.index, "not", 3, &idx) && l.e[idx].kinds == 1u << TK_SENTI_NEGATION,
	       "kinds are read");
	TAP_INT(tk_lexicon_parse(&l, "good\t1\turgency\n", 15, "u.tsv", &err), 0, "a second kind");
	TAP_OK(tk_wordset_get(&l.index, "good", 4, &idx) &&
		       l.e[idx].kinds == (1u << TK_SENTI_POLARITY | 1u << TK_SENTI_URGENCY) &&
		       l.e[idx].w[TK_SENTI_POLARITY] == 2,
	       "adds to the term, the polarity kept");
	TAP_INT(tk_lexicon_parse(&l, "# c\n\nok\t1\nbad\n", 15, "e.tsv", &err), -1, "a line with no tab");
	TAP_STR(err.msg, "expected 'term<TAB>weight[<TAB>kind]'", "says what is expected");
	TAP_INT((long)err.line, 4, "on line 4, comments and blank lines counted");
	TAP_INT(tk_lexicon_parse(&l, "x\t1\tjoy\n", 8, "e.tsv", &err), -1, "an unknown kind");
	TAP_INT(tk_lexicon_parse(&l, "x\t1e9\n", 6, "e.tsv", &err), -1, "a weight out of range");
	TAP_INT(tk_lexicon_parse(&l, "\xff\t1\n", 4, "e.tsv", &err), -1, "invalid UTF-8");
	tk_lexicon_release(&l);
}

static void test_rules(void)
{
	struct tk_lexicon l;
	struct tk_senti r;
	struct tk_error err;
	double s;

	tk_lexicon_init(&l);
	tk_senti_init(&r);
	tk_lexicon_parse(&l, lexicon, strlen(lexicon), "t.tsv", &err);
	TAP_OK(fabs(score(&l, &r, "it is good") - 2) < 1e-6, "a term adds its weight");
	TAP_OK(fabs(r.score - squash(2)) < 1e-6, "score = s / sqrt(s^2 + alpha)");
	TAP_OK(fabs(score(&l, &r, "it is not good") - 2 * -0.5) < 1e-6, "a negation multiplies by its weight");
	TAP_OK(fabs(score(&l, &r, "it isn't good") - 2 * -0.6) < 1e-6, "an n't word by -0.6");
	TAP_OK(fabs(score(&l, &r, "not that it is good") - 2) < 1e-6, "past three words a negation is spent");
	TAP_OK(fabs(score(&l, &r, "It is not. Good!") - (2 + TK_SENTI_BANG)) < 1e-6,
	       "and at the end of its sentence");
	TAP_OK(fabs(score(&l, &r, "not now, good") - 2) < 1e-6 && fabs(score(&l, &r, "not: good") - 2) < 1e-6,
	       "or of its clause, at a comma or a colon");
	TAP_OK(fabs(score(&l, &r, "not 3,000 good") - 2 * -0.5) < 1e-6, "a comma inside a number ends none");
	TAP_OK(fabs(score(&l, &r, "not v2.1 good") - 2 * -0.5) < 1e-6, "a dot inside a word ends none");
	TAP_OK(fabs(score(&l, &r, "very good") - 2 * 1.5) < 1e-6, "an intensifier scales by 1 + weight");
	TAP_OK(fabs(score(&l, &r, "it is GOOD") - 2 * TK_SENTI_CAPS) < 1e-5, "a term in capitals counts more");
	TAP_OK(fabs(score(&l, &r, "IT IS GOOD") - 2) < 1e-6 && r.shouting,
	       "but not when the whole text shouts, which is shouting");
	TAP_OK(fabs(score(&l, &r, "bad service but good") - (-3 / 2.0 + 2 * 2)) < 1e-5,
	       "after a contrast weight times, before it 1 / weight");
	TAP_OK(fabs(score(&l, &r, "good!!") - (2 + 2 * TK_SENTI_BANG)) < 1e-6, "each ! adds to |s|");
	TAP_OK(fabs(score(&l, &r, "good!!!!!!") - (2 + 4 * TK_SENTI_BANG)) < 1e-6, "up to four");
	TAP_OK(fabs(score(&l, &r, "thanks :) <3") - 2) < 1e-6, "symbols count where they stand alone");
	TAP_OK(fabs(score(&l, &r, "thanks:)") - 0) < 1e-6, "and not inside a word");
	TAP_OK(fabs(score(&l, &r, "thanks :))) <333") - 2) < 1e-6,
	       "a symbol's last character may be repeated");
	TAP_OK(fabs(score(&l, &r, "thanks :)x") - 0) < 1e-6, "but not followed by anything else");
	TAP_OK(fabs(score(&l, &r, "thanks &lt;3 &#60;3 &#x3c;3 &amp;lt;3") - 3) < 1e-6,
	       "HTML character references are read as their characters, once");
	TAP_OK(fabs(score(&l, &r, "&lt; &#0; &#xd800; &#1114112; &#; &bogus; &amp") - 0) < 1e-6,
	       "and references to no character are left as they are");
	s = score(&l, &r, "good a b c d e f g h i j k l m n o p q r s t u v w x y z");
	TAP_OK(fabs(s - 2 * sqrt(15.0 / 27)) < 1e-5, "past 15 words, s is scaled by sqrt(15 / words)");
	TAP_OK(fabs(score(&l, &r, "not bad service") - -3 * -0.5 * TK_SENTI_NEG_NEG) < 1e-6,
	       "a negated negative term turns TK_SENTI_NEG_NEG as far");
	tk_lexicon_parse(&l, "no\t-0.6\tnegation\nno\t-1\n", 23, "no.tsv", &err);
	TAP_OK(fabs(score(&l, &r, "no idea") - -1) < 1e-6 && fabs(score(&l, &r, "No. Good") - 1) < 1e-6,
	       "a negation's own polarity counts before a word of none, or at its sentence's end");
	TAP_OK(fabs(score(&l, &r, "no good") - 2 * -0.6) < 1e-6, "but not before a polarity term");
	TAP_OK(fabs(score(&l, &r, "no, no, no") - -3) < 1e-6, "and another negation does not turn it");
	TAP_OK(fabs(score(&l, &r, "gooood") - 2) < 1e-6 && fabs(score(&l, &r, "not goood") + 1) < 1e-6,
	       "a drawn-out word counts as the word");
	TAP_OK(fabs(score(&l, &r, "nooot good") - 2) < 1e-6, "but a drawn-out negation negates nothing");
	score(&l, &r, "down again, cancel it, again");
	TAP_OK(fabs(r.urgency - 0.6) < 1e-6 && fabs(r.churn - 0.7) < 1e-6 &&
		       fabs(r.frustration - 0.4) < 1e-6,
	       "each cue once; urgency %.3f churn %.3f frustration %.3f", r.urgency, r.churn,
	       r.frustration);
	score(&l, &r, "waiting for 12 days and again");
	TAP_OK(fabs(r.frustration - (1 - 0.5 * 0.6)) < 1e-6, "cues make a noisy or (%.3f)", r.frustration);
	score(&l, &r, "it is not down");
	TAP_OK(r.urgency == 0, "a negated cue does not count");
	tk_lexicon_release(&l);
	tk_lexicon_init(&l);
	tk_lexicon_add_english(&l, 1);
	score(&l, &r, "Die Rechnung ist falsch und niemand antwortet");
	TAP_OK(r.foreign && r.s == 0, "German with the English lexicon is neutral");
	score(&l, &r, "The invoice is wrong and nobody answers");
	TAP_OK(!r.foreign && r.s < 0, "the English is not");
	tk_senti_release(&r);
	tk_lexicon_release(&l);
}

static void test_elongated(void)
{
	char cut[TK_SENTI_WORD];
	size_t n;

	TAP_INT((long)tk_senti_elongated("good", 4, 0, NULL), 0, "'good' is not drawn out");
	TAP_INT((long)tk_senti_elongated("yaaay", 5, 0, NULL), 1, "'yaaay' is");
	n = tk_senti_elongated("coollll", 7, 1, cut);
	TAP_OK(n == 4 && memcmp(cut, "cool", 4) == 0, "runs of three or more are cut, shorter ones kept");
	n = tk_senti_elongated("gooood", 6, 2, cut);
	TAP_OK(n == 4 && memcmp(cut, "good", 4) == 0, "to two letters");
	TAP_INT((long)tk_senti_elongated("1000", 4, 0, NULL), 0, "digits are not letters");
}

extern const char *const tk_lexicon_en_rules[], *const tk_lexicon_en_learned[];

/* The built-in lexicon is loaded without checking: check it here, line by line. */
static void test_builtin(void)
{
	const char *const *const parts[] = { tk_lexicon_en_rules, tk_lexicon_en_learned };
	struct tk_lexicon l;
	struct tk_error err;
	size_t p, bad = 0, lines = 0;
	const char *const *line;

	tk_lexicon_init(&l);
	for (p = 0; p < 2; p++)
		for (line = parts[p]; *line; line++, lines++)
			if (tk_lexicon_parse(&l, *line, strlen(*line), "built-in", &err) < 0) {
				printf("# %s: %s\n", *line, err.msg);
				bad++;
			}
	TAP_INT(bad, 0, "every line of the built-in lexicon parses (%zu lines)", lines);
	TAP_OK(l.n > 5000, "it has thousands of terms (%zu)", l.n);
	tk_lexicon_release(&l);
}

static void test_learn(void)
{
	static const char *const texts[] = { "great app", "great support", "awful app", "awful support",
					     "great stuff", "awful stuff" };
	static const double targets[] = { 0.8, 0.8, -0.8, -0.8, 0.8, -0.8 };
	static const char *const texts2[] = { "great stuff", "nice stuff", "fine stuff", "awful thing",
					      "bad thing", "poor thing" };
	static const double targets2[] = { 0.8, 0.8, 0.8, -0.8, -0.8, -0.8 };
	size_t lens[6], i;
	struct tk_lexicon l;
	struct tk_error err;
	int great, awful, app;
	float free_w;
	double scale, half;

	for (i = 0; i < 6; i++)
		lens[i] = strlen(texts[i]);
	tk_lexicon_init(&l);
	tk_lexicon_learn(&l, texts, lens, targets, NULL, 6, 3, 10, 1, 0.05);
	TAP_OK(tk_wordset_get(&l.index, "great", 5, &great) && l.e[great].w[TK_SENTI_POLARITY] > 0.3,
	       "a word of the positive texts is learnt positive");
	TAP_OK(tk_wordset_get(&l.index, "awful", 5, &awful) && l.e[awful].w[TK_SENTI_POLARITY] < -0.3,
	       "and one of the negative texts negative");
	TAP_OK(tk_wordset_get(&l.index, "app", 3, &app) && !(l.e[app].kinds & 1u << TK_SENTI_POLARITY),
	       "a word in fewer than min_count texts is left out");
	tk_lexicon_release(&l);

	/* "stuff" in the three positive texts only: learnt positive unless seeded 0. */
	for (i = 0; i < 6; i++)
		lens[i] = strlen(texts2[i]);
	tk_lexicon_init(&l);
	tk_lexicon_learn(&l, texts2, lens, targets2, NULL, 6, 2, 10, 1, 0.001);
	tk_wordset_get(&l.index, "stuff", 5, &app);
	free_w = l.e[app].w[TK_SENTI_POLARITY];
	tk_lexicon_release(&l);
	tk_lexicon_init(&l);
	tk_lexicon_parse(&l, "stuff\t0\nsuperb\t2\n", 17, "seed.tsv", &err);
	tk_lexicon_learn(&l, texts2, lens, targets2, NULL, 6, 2, 10, 1, 0.001);
	tk_wordset_get(&l.index, "stuff", 5, &app);
	TAP_OK(fabsf(l.e[app].w[TK_SENTI_POLARITY]) < 0.9f * fabsf(free_w),
	       "a word seeded 0 is pulled back harder (%.4f, unseeded %.4f)", l.e[app].w[TK_SENTI_POLARITY],
	       free_w);
	TAP_OK(tk_wordset_get(&l.index, "superb", 6, &great) &&
		       l.e[great].w[TK_SENTI_POLARITY] == 2,
	       "a seeded word seen in too few texts keeps its weight");
	tk_lexicon_release(&l);
	tk_lexicon_init(&l);
	tk_lexicon_parse(&l, "great\t2\nawful\t-2\nsuperb\t3\n", 26, "seed.tsv", &err);
	scale = tk_lexicon_learn(&l, texts2, lens, targets2, NULL, 6, 1, 10, 1, 0.001);
	tk_wordset_get(&l.index, "great", 5, &great);
	tk_wordset_get(&l.index, "awful", 5, &awful);
	tk_wordset_get(&l.index, "superb", 6, &app);
	free_w = (2 * l.e[great].w[TK_SENTI_POLARITY] - 2 * l.e[awful].w[TK_SENTI_POLARITY]) / 8;
	TAP_OK(free_w != 1 && fabs(scale - free_w) < 1e-5 &&
		       fabsf(l.e[app].w[TK_SENTI_POLARITY] - 3 * free_w) < 1e-5f,
	       "scaled as learning scaled the seeds it saw, which it returns (%.4f = 3 * %.4f)",
	       l.e[app].w[TK_SENTI_POLARITY], free_w);
	free_w = l.e[great].w[TK_SENTI_POLARITY];
	tk_lexicon_release(&l);
	/* A seed share of 0.5: halfway between the seed and the fitted weight. */
	tk_lexicon_init(&l);
	tk_lexicon_parse(&l, "great\t2\nawful\t-2\nsuperb\t3\n", 26, "seed.tsv", &err);
	half = tk_lexicon_learn(&l, texts2, lens, targets2, NULL, 6, 1, 10, 0.5, 0.001);
	tk_wordset_get(&l.index, "great", 5, &great);
	TAP_OK(free_w != 2 && fabsf(l.e[great].w[TK_SENTI_POLARITY] - (2 + free_w) / 2) < 1e-5f,
	       "a seeded word keeps half of what learning moved it (%.4f, fitted %.4f, seed 2)",
	       l.e[great].w[TK_SENTI_POLARITY], free_w);
	TAP_OK(fabs(half - (1 + scale) / 2) < 1e-5, "and its slope on the seeds is halfway to 1 (%.4f)",
	       half);
	tk_lexicon_release(&l);
}

int main(void)
{
	test_parse();
	test_rules();
	test_elongated();
	test_builtin();
	test_learn();
	return tap_done();
}

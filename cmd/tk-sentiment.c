/*
 * tk-sentiment: add "sentiment" to each ticket - polarity, frustration,
 * urgency and churn risk, and the cues that moved them; or, with --learn,
 * learn polarity weights from scored text.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "linear.h"
#include "sentiment.h"

enum { OPT_LEXICON = CLI_TOOL_OPTIONS, OPT_NO_DEFAULT, OPT_MODEL_WEIGHT, OPT_LEARN, OPT_BALANCE };

static const struct cli_option options[] = {
	{ 'f', "field", "FIELD", "take the text from FIELD (repeatable; dotted paths)" },
	{ OPT_LEXICON, "lexicon", "FILE", "add the terms of FILE, term<TAB>weight[<TAB>kind] (repeatable)" },
	{ OPT_NO_DEFAULT, "no-default-lexicon", NULL, "start from an empty lexicon, not the English one" },
	{ 'm', "model", "FILE", "blend in a tk-train model of positive/negative (or frustrated) labels" },
	{ OPT_MODEL_WEIGHT, "model-weight", "W", "the model's share of the blend (default 0.5)" },
	{ 'o', "output-key", "KEY", "write the result under KEY (default: sentiment)" },
	{ OPT_LEARN, "learn", "FIELD", "learn word weights from the scores (-1..1) in FIELD; print them" },
	{ OPT_BALANCE, "learn-balance", NULL, "with --learn, give each input file the same weight" },
	CLI_STREAM_OPTIONS
};

static struct cli cli = { "tk-sentiment", "[file ...]",
			  "Add polarity, frustration, urgency and churn risk to each ticket.", options, 0 };

struct sentiment {
	struct tk_lexicon lex;
	struct tk_textsel sel;
	struct tk_senti r;
	const char *key;
	struct tk_buf text, out;
	/* -m */
	struct tk_linear model;
	int has_model;
	long pos, neg, frus;
	double beta;
	struct tk_tokenizer mtz;
	struct tk_tokens mtoks;
	struct tk_linear_doc mdoc;
	double *mscore;
	/* --learn */
	const char *learn;
	struct tk_buf texts;
	size_t *offs, *lens, nlearn, learnalloc;
	double *targets;
	size_t *fileof, nfile;
	const char *lastfile;
	int balance;
	int defaults; /* the built-in lexicon is loaded */
};

/* Append "kind: term" to the cues, once. */
static void add_cue(struct tk_buf *b, int *first, const char *kind, const char *term, const char *suffix)
{
	struct tk_buf c = TK_BUF_INIT;

	tk_buf_addf(&c, "%s: %s%s", kind, term, suffix);
	tk_buf_adds(b, *first ? "" : ",");
	tk_json_escape(b, c.buf, c.len);
	*first = 0;
	tk_buf_release(&c);
}

static void write_cues(struct sentiment *st, struct tk_buf *b)
{
	const struct tk_senti *r = &st->r;
	size_t order[3], no = 0, i, j, stackseen[64], *seen, nseen = 0;
	int first = 1;

	/* The three polarity terms that moved the score most, strongest first. */
	for (i = 0; i < r->nhit; i++) {
		size_t at;

		if (r->hit[i].kind != TK_SENTI_POLARITY || fabsf(r->hit[i].value) < 0.3f)
			continue;
		for (j = 0; j < no; j++)
			if (r->hit[order[j]].entry == r->hit[i].entry)
				break;
		if (j < no) /* the same term again: the strongest occurrence speaks for it */
			continue;
		for (at = no; at > 0 && fabsf(r->hit[order[at - 1]].value) < fabsf(r->hit[i].value); at--)
			;
		if (at >= 3)
			continue;
		if (no < 3)
			no++;
		memmove(order + at + 1, order + at, (no - 1 - at) * sizeof(*order));
		order[at] = i;
	}
	for (i = 0; i < no; i++) {
		const struct tk_senti_hit *h = &r->hit[order[i]];

		add_cue(b, &first, h->value > 0 ? "positive" : "negative",
			tk_lexicon_term(&st->lex, h->entry), h->mult < 0 ? " (negated)" : "");
	}
	/* Each cue once: looked for among the cues seen, not among all the hits before (a long
	   text has many). */
	seen = r->nhit <= 64 ? stackseen : tk_malloc(r->nhit * sizeof(*seen));
	for (i = 0; i < r->nhit; i++) {
		const struct tk_senti_hit *h = &r->hit[i];

		if (h->kind < TK_SENTI_FRUSTRATION)
			continue;
		for (j = 0; j < nseen; j++)
			if (r->hit[seen[j]].entry == h->entry && r->hit[seen[j]].kind == h->kind)
				break;
		if (j < nseen)
			continue;
		seen[nseen++] = i;
		if (h->value > 0)
			add_cue(b, &first, h->kind == TK_SENTI_CHURN ? "churn" : tk_senti_kind_name(h->kind),
				tk_lexicon_term(&st->lex, h->entry), "");
	}
	if (seen != stackseen)
		free(seen);
	if (r->shouting)
		add_cue(b, &first, "frustration", "all capitals", "");
	if (r->bangs >= 3 && r->s < 0)
		add_cue(b, &first, "frustration", "!!!", "");
}

/* Blend the model's view into score and frustration. */
static void blend(struct sentiment *st, double *score, double *frustration)
{
	double *p = st->mscore;

	tk_tokens_reset(&st->mtoks);
	tk_tokenize(&st->mtz, st->text.buf, st->text.len, &st->mtoks);
	tk_linear_scores(&st->model, &st->mtoks, &st->mdoc, p);
	tk_linear_softmax(&st->model, p, p);
	if (st->pos >= 0)
		*score = (1 - st->beta) * *score + st->beta * (p[st->pos] - p[st->neg]);
	if (st->frus >= 0)
		*frustration = (1 - st->beta) * *frustration + st->beta * p[st->frus];
}

static int sentiment_record(void *ctx, struct tk_record *rec, struct tk_error *err)
{
	struct sentiment *st = ctx;
	struct tk_senti *r = &st->r;
	struct tk_buf *b = &st->out;
	double score, frustration;

	if (tk_text_get(&st->sel, rec->obj, &st->text, err) <= 0)
		return TK_RC_BAD;
	tk_senti_score(&st->lex, st->text.buf, st->text.len, r);
	score = r->score;
	frustration = r->frustration;
	if (st->has_model)
		blend(st, &score, &frustration);
	tk_buf_reset(b);
	tk_buf_addf(b, "{\"score\":%.4f,\"label\":\"%s\",\"frustration\":%.4f,\"urgency\":%.4f,"
		       "\"churn_risk\":%.4f,\"cues\":[",
		    score, score > 0.05 ? "positive" : score < -0.05 ? "negative" : "neutral", frustration,
		    r->urgency, r->churn);
	write_cues(st, b);
	tk_buf_adds(b, "]}");
	tk_record_put(rec, st->key, b->buf, b->len);
	return TK_RC_OK;
}

static int learn_record(void *ctx, struct tk_record *rec, struct tk_error *err)
{
	struct sentiment *st = ctx;
	struct json_object *v = tk_json_path(rec->obj, st->learn);
	double target;

	if (!v || !(json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int))) {
		tk_error_set(err, "no number in '%s'", st->learn);
		return TK_RC_BAD;
	}
	target = json_object_get_double(v);
	if (!(target >= -1 && target <= 1)) {
		tk_error_set(err, "'%s' is not between -1 and 1", st->learn);
		return TK_RC_BAD;
	}
	if (tk_text_get(&st->sel, rec->obj, &st->text, err) <= 0)
		return TK_RC_BAD;
	if (st->nlearn == st->learnalloc) {
		st->learnalloc = st->learnalloc ? 2 * st->learnalloc : 1024;
		st->offs = tk_realloc(st->offs, st->learnalloc * sizeof(*st->offs));
		st->lens = tk_realloc(st->lens, st->learnalloc * sizeof(*st->lens));
		st->targets = tk_realloc(st->targets, st->learnalloc * sizeof(*st->targets));
		st->fileof = tk_realloc(st->fileof, st->learnalloc * sizeof(*st->fileof));
	}
	st->offs[st->nlearn] = st->texts.len;
	st->lens[st->nlearn] = st->text.len;
	/* Which file it came from, for --learn-balance: operands are read one after the other. */
	if (!st->nfile || strcmp(st->lastfile, rec->file) != 0) {
		st->lastfile = rec->file;
		st->nfile++;
	}
	st->fileof[st->nlearn] = st->nfile - 1;
	st->targets[st->nlearn++] = target;
	tk_buf_add(&st->texts, st->text.buf, st->text.len);
	return TK_RC_OK;
}

struct learnt {
	const char *term;
	float w;
};

static int cmp_learnt(const void *a, const void *b)
{
	return strcmp(((const struct learnt *)a)->term, ((const struct learnt *)b)->term);
}

/* The learnt single-word polarity weights, as a lexicon file, sorted by term. */
static void learn_end(struct sentiment *st)
{
	const char **texts = tk_calloc(st->nlearn + 1, sizeof(*texts));
	size_t i, n = 0;
	struct tk_lexicon *l = &st->lex, rules;
	struct learnt *out;
	double *weights = NULL, scale;

	for (i = 0; i < st->nlearn; i++)
		texts[i] = st->texts.buf + st->offs[i];
	/* With --learn-balance each file weighs the same in all. */
	if (st->balance) {
		size_t *count = tk_calloc(st->nfile + 1, sizeof(*count));

		weights = tk_calloc(st->nlearn + 1, sizeof(*weights));
		for (i = 0; i < st->nlearn; i++)
			count[st->fileof[i]]++;
		for (i = 0; i < st->nlearn; i++)
			weights[i] = (double)st->nlearn / ((double)st->nfile * (double)count[st->fileof[i]]);
		free(count);
	}
	/*
	 * A word is learnt from 5 texts or more, and a seeded word ends halfway
	 * between its seed and its fitted weight: on the 5-fold check of
	 * tests/bench/sentiment-cv.sh, both score tweets better than learning
	 * from 3 texts and keeping the fitted weight (see tk-sentiment(1)).
	 */
	scale = tk_lexicon_learn(l, texts, st->lens, st->targets, weights, st->nlearn, 5, 10, 0.5,
				 0.05);
	/* Words the built-in rules give a polarity are left out: the rules win over learnt words. */
	tk_lexicon_init(&rules);
	if (st->defaults)
		tk_lexicon_add_english(&rules, 0);
	out = tk_calloc(l->n + 1, sizeof(*out));
	for (i = 0; i < l->n; i++) {
		const char *term = tk_lexicon_term(l, i);
		int r;

		if ((l->e[i].kinds & (1u << TK_SENTI_POLARITY)) && l->e[i].ntok == 1 &&
		    l->e[i].w[TK_SENTI_POLARITY] != 0 &&
		    !(l->e[i].kinds & (1u << TK_SENTI_NEGATION | 1u << TK_SENTI_INTENSIFIER |
				       1u << TK_SENTI_CONTRAST)) &&
		    !(tk_wordset_get(&rules.index, term, strlen(term), &r) &&
		      (rules.e[r].kinds & (1u << TK_SENTI_POLARITY))))
			out[n++] = (struct learnt){ term, l->e[i].w[TK_SENTI_POLARITY] };
	}
	tk_lexicon_release(&rules);
	qsort(out, n, sizeof(*out), cmp_learnt);
	printf("# %zu word weights learnt by tk-sentiment --learn from %zu texts; seed weights seen in too "
	       "few texts scaled by %.3f\n",
	       n, st->nlearn, scale);
	for (i = 0; i < n; i++)
		printf("%s\t%.3f\n", out[i].term, out[i].w);
	free(texts);
	free(out);
	free(weights);
}

static void load_model(struct sentiment *st, const char *path)
{
	struct tk_error err;

	if (tk_linear_load(&st->model, path, &err) < 0)
		cli_die_error(&err);
	st->pos = tk_linear_label(&st->model, "positive", 8);
	st->neg = tk_linear_label(&st->model, "negative", 8);
	st->frus = tk_linear_label(&st->model, "frustrated", 10);
	if (st->pos < 0 || st->neg < 0)
		st->pos = st->neg = -1;
	if (st->pos < 0 && st->frus < 0)
		cli_die("%s: the model has neither 'positive' and 'negative' labels nor 'frustrated'",
			path);
	st->has_model = 1;
	st->mtz.flags = st->model.feat.tokflags;
	st->mscore = tk_calloc(st->model.nlabel, sizeof(*st->mscore));
}

int main(int argc, char **argv)
{
	struct sentiment st = { .key = "sentiment", .beta = 0.5, .defaults = 1 };
	struct tk_stream s;
	struct tk_error err;
	char **lexicons = tk_calloc((size_t)argc, sizeof(*lexicons)), *arg;
	const char *model = NULL;
	size_t nlex = 0, i;
	int id, status;

	cli_init(&cli);
	tk_stream_init(&s);
	tk_textsel_init(&st.sel);
	tk_lexicon_init(&st.lex);
	tk_senti_init(&st.r);
	tk_tokens_init(&st.mtoks);
	tk_linear_init(&st.model);
	tk_linear_doc_init(&st.mdoc);
	while ((id = cli_next(&cli, argc, argv, &arg)) != -1) {
		switch (id) {
		case 'f': tk_textsel_add(&st.sel, arg); break;
		case OPT_LEXICON: lexicons[nlex++] = arg; break;
		case OPT_NO_DEFAULT: st.defaults = 0; break;
		case 'm': model = arg; break;
		case OPT_MODEL_WEIGHT: st.beta = cli_real("model-weight", arg, 0, 1); break;
		case 'o': st.key = arg; break;
		case OPT_LEARN: st.learn = arg; break;
		case OPT_BALANCE: st.balance = 1; break;
		default:
			if (!cli_stream_option(&cli, id, arg, &s))
				cli_die("option %d not handled", id);
		}
	}
	/* Learning starts from the rules, not from what was learnt before. */
	if (st.defaults)
		tk_lexicon_add_english(&st.lex, !st.learn);
	for (i = 0; i < nlex; i++)
		if (tk_lexicon_load(&st.lex, lexicons[i], &err) < 0)
			cli_die_error(&err);
	if (model)
		load_model(&st, model);
	s.ctx = &st;
	s.report = cli_report;
	if (st.learn) {
		s.record = learn_record;
		s.echo = 0;
	} else {
		s.record = sentiment_record;
	}
	status = tk_stream_run(&s, argv + optind, argc - optind);
	/* A lexicon learnt from part of the input is not written when told to fail. */
	if (st.learn && status != TK_EXIT_FAIL &&
	    !(status != TK_EXIT_OK && s.on_error == TK_ON_ERROR_FAIL))
		learn_end(&st);
	tk_stream_release(&s);
	tk_textsel_release(&st.sel);
	tk_lexicon_release(&st.lex);
	tk_senti_release(&st.r);
	tk_tokens_release(&st.mtoks);
	tk_linear_release(&st.model);
	tk_linear_doc_release(&st.mdoc);
	tk_buf_release(&st.text);
	tk_buf_release(&st.out);
	tk_buf_release(&st.texts);
	free(st.mscore);
	free(st.offs);
	free(st.lens);
	free(st.targets);
	free(st.fileof);
	free(lexicons);
	return cli_exit(status);
}

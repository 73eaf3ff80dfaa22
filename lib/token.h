/*
 * The tokenizer every tool shares, so that tk-tokenize's tokens and the
 * tokens a later tool makes for itself are the same.
 *
 * Text is split into words at Unicode word boundaries: a word is a run of
 * letters, digits and combining marks; Han ideographs and Hiragana are one
 * word each.  A few characters join the parts around them, so that tokens
 * that mean something in a product stay whole:
 *
 *	-  and  _   between letters or digits    e-mail, wi-fi, ORA-00942, hr_tool
 *	'  and  ’   between letters              can't, l'homme
 *	.           before a digit               v2.3.1, 3.14
 *	,           between digits               1,200
 *
 * Each word is case-folded (full Unicode folding: Straße -> strasse),
 * text in decomposed form is composed first (e + U+0301 -> é), and with
 * TK_TOK_STRIP_ACCENTS accents are removed (é -> e, ł -> l).
 */
#ifndef TK_TOKEN_H
#define TK_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"
#include "wordset.h"

enum tk_tok_flag {
	TK_TOK_STRIP_ACCENTS = 1 << 0,
	TK_TOK_PH_NUMBER = 1 << 1, /* a word of digits (and . , - _) becomes <num> */
	TK_TOK_PH_URL = 1 << 2,    /* scheme://... and www.... become <url> */
	TK_TOK_PH_EMAIL = 1 << 3,  /* local@domain.tld becomes <email> */
	TK_TOK_PH_PATH = 1 << 4    /* /a/b, ~/a, ./a, C:\a, \\host\share become <path> */
};

/* Tokenizer settings. */
struct tk_tokenizer {
	unsigned flags;                    /* enum tk_tok_flag bits */
	const struct tk_wordset *stopwords; /* borrowed; words to drop, or NULL */
};

/* Where a token sits in struct tk_tokens' text. */
struct tk_span {
	uint32_t off;
	uint32_t len;
};

/*
 * A list of tokens.  Their bytes sit in text, each followed by one space,
 * so tokens i .. j are the single run of bytes from span[i].off to
 * span[j].off + span[j].len: word n-grams need no copying.
 */
struct tk_tokens {
	struct tk_buf text;
	struct tk_span *span;
	size_t n;
	size_t alloc;
};

void tk_tokens_init(struct tk_tokens *t);
void tk_tokens_release(struct tk_tokens *t);

/* Empty t, keeping its memory. */
void tk_tokens_reset(struct tk_tokens *t);

/* Append the token s[0..len) to t as it is (no folding). */
void tk_tokens_add(struct tk_tokens *t, const char *s, size_t len);

/*
 * Append the tokens of the UTF-8 text s[0..len) to out.  s must be valid
 * UTF-8 (see tk_utf8_check()).
 */
void tk_tokenize(const struct tk_tokenizer *tz, const char *s, size_t len, struct tk_tokens *out);

/*
 * Append the JSON array of t's tokens to out, followed by every word
 * n-gram for n in 2..ngram (joined by one space), in order of position.
 */
void tk_tokens_json(const struct tk_tokens *t, unsigned ngram, struct tk_buf *out);

/* Return the built-in English stopword list: NULL-terminated, folded. */
const char *const *tk_stopwords_english(void);

/*
 * Add the words of a stopword file (one per line, '#' starts a comment,
 * blank lines ignored) to set, folded the way tz folds text.  On failure
 * return -1 with err naming the file and line.
 */
int tk_stopwords_load(const struct tk_tokenizer *tz, const char *path, struct tk_wordset *set,
		      struct tk_error *err);

#endif

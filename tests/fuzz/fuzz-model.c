/*
 * Model files (tk-classify -m, tk-train --update): the input is a model
 * file whose last 8 bytes are replaced by the checksum of the rest, so
 * that the fuzzer reaches the header and the payload; when it loads, a
 * ticket is scored, calibrated and explained with it.
 */
#include <math.h>

#include "fuzz.h"
#include "linear.h"
#include "token.h"

static const char ticket[] =
	"Refund please: I was charged twice for my pro plan, invoice INV-2231. "
	"The app crashes with error E-4012 since v5.2.0; can't log in to wi-fi.";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tk_buf file = TK_BUF_INIT, names = TK_BUF_INIT;
	struct tk_linear m;
	struct tk_linear_doc d;
	struct tk_tokenizer tz = { 0, NULL };
	struct tk_tokens toks;
	struct tk_error err;
	double *scores, w[5];
	size_t i, k;

	tk_buf_add(&file, data, size);
	if (size >= 8) {
		uint64_t sum = tk_linear_checksum((const unsigned char *)data, size - 8);

		for (k = 0; k < 8; k++)
			file.buf[size - 8 + k] = (char)(unsigned char)(sum >> (8 * k));
	}
	tk_linear_init(&m);
	if (tk_linear_load(&m, fuzz_file(file.buf ? file.buf : "", file.len), &err) == 0) {
		tk_tokens_init(&toks);
		tk_linear_doc_init(&d);
		tz.flags = m.feat.tokflags;
		tk_tokenize(&tz, ticket, sizeof(ticket) - 1, &toks);
		scores = tk_calloc(m.nlabel + 1, sizeof(*scores));
		tk_linear_scores(&m, &toks, &d, scores);
		for (i = 0; i < m.nlabel; i++)
			if (!isfinite(scores[i]))
				fuzz_fail("a score is not finite");
		for (i = 0; i < m.nlabel; i++)
			if (!(tk_linear_applies(&m, scores[i]) >= 0 && tk_linear_applies(&m, scores[i]) <= 1))
				fuzz_fail("a probability outside 0..1");
		for (i = 0; i < m.nlabel && i < 3; i++)
			tk_linear_explain(&m, &toks, &d, i, 5, &names, w);
		tk_linear_softmax(&m, scores, scores);
		for (i = 0; i < m.nlabel; i++)
			if (!(scores[i] >= 0 && scores[i] <= 1))
				fuzz_fail("a confidence outside 0..1");
		/* a second ticket: the token cache is used */
		tk_linear_scores(&m, &toks, &d, scores);
		free(scores);
		tk_linear_doc_release(&d);
		tk_tokens_release(&toks);
	}
	tk_linear_release(&m);
	tk_buf_release(&file);
	tk_buf_release(&names);
	return 0;
}

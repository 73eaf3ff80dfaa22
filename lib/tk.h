/*
 * libtk: the library behind every ticketkit tool.
 *
 * Data flows one way: bytes -> record -> text -> tokens -> features ->
 * model -> decision -> record -> bytes.  Each step has its own header:
 *
 *   error.h    struct tk_error and the exit-status table every tool shares
 *   buf.h      growable byte buffers and the allocation wrappers
 *   utf8.h     UTF-8 validation and decoding
 *   unicode.h  character classes, case folding, accent stripping
 *   json.h     json-c helpers: dotted paths, raw JSON values, escaping
 *   stream.h   the record-stream core: read lines, parse, process, write
 *   text.h     which fields of a ticket hold its text
 *   wordset.h  sets of words (stopwords, lexicons)
 *   token.h    the tokenizer
 *   hash.h     feature hashing of word and character n-grams
 *   entity.h   entity extraction and redaction with pcre2
 *   linear.h   the text classifier: features, scores, calibration, model files
 *   eval.h     evaluation: accuracy, F1, calibration, automation
 *   num.h      checked number parsing
 *
 * Ownership, once for the whole library: every function borrows its
 * arguments and keeps no reference to them after it returns, unless its
 * comment says otherwise.  A function that returns memory says who frees
 * it.  Structures follow git's lifecycle verbs: _init sets one up without
 * allocating, _release frees what it holds (and leaves it ready for
 * _init), _clear is _release then _init.
 *
 * The library never prints and never exits: a function that can fail
 * returns non-zero (or NULL) and fills the struct tk_error it was given.
 * The one exception is running out of memory, which calls the handler set
 * with tk_set_oom_handler().
 */
#ifndef TK_H
#define TK_H

#include "buf.h"
#include "entity.h"
#include "error.h"
#include "eval.h"
#include "hash.h"
#include "json.h"
#include "linear.h"
#include "num.h"
#include "stream.h"
#include "text.h"
#include "token.h"
#include "unicode.h"
#include "utf8.h"
#include "wordset.h"

#endif

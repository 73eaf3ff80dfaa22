/*
 * Unit tests for lib/eval.c: the metrics on small examples computed by
 * hand (accuracy, per-class precision, recall and F1, macro F1 over the
 * gold labels, micro F1), confusions sorted by count with ties broken by
 * gold then predicted label, --top, calibration bins and their bounds,
 * ECE, the automation curve, the exact target threshold (ties, a dip in
 * accuracy, unreachable, no confidences), segments with a missing value,
 * labels as text, empty input, the messages of tickets that cannot be
 * counted, and release keeping the settings.
 */
#include <stdlib.h>

#include "buf.h"
#include "eval.h"
#include "json.h"
#include "tap.h"

/* Count each line of tickets (JSON objects, one a line); return how many failed. */
static int add_all(struct tk_eval *e, const char *tickets)
{
	int failed = 0;

	while (*tickets) {
		const char *nl = strchr(tickets, '\n');
		size_t len = nl ? (size_t)(nl - tickets) : strlen(tickets);
		char *line = tk_strndup(tickets, len);
		struct json_object *obj = json_tokener_parse(line);
		struct tk_error err;

		if (!obj || tk_eval_add(e, obj, &err) < 0)
			failed++;
		json_object_put(obj);
		free(line);
		tickets += len + (nl != NULL);
	}
	return failed;
}

/* The JSON report of e, parsed; put it when done. */
static struct json_object *report(struct tk_eval *e)
{
	struct tk_buf b = TK_BUF_INIT;
	struct json_object *obj;

	tk_eval_json(e, &b);
	obj = json_tokener_parse(b.buf);
	tk_buf_release(&b);
	return obj;
}

/*
 * The JSON text of the value at path in obj: keys and array indexes joined
 * by dots ("classes.1.f1"); "(missing)" when there is none.
 */
static const char *val(struct json_object *obj, const char *path)
{
	static char res[4096];
	char key[128];

	while (*path) {
		size_t n = strcspn(path, ".");

		snprintf(key, sizeof(key), "%.*s", (int)n, path);
		path += n + (path[n] == '.');
		if (json_object_is_type(obj, json_type_array)) {
			if ((size_t)strtoul(key, NULL, 10) >= json_object_array_length(obj))
				return "(missing)";
			obj = json_object_array_get_idx(obj, (size_t)strtoul(key, NULL, 10));
		} else if (!json_object_is_type(obj, json_type_object) ||
			   !json_object_object_get_ex(obj, key, &obj)) {
			return "(missing)";
		}
	}
	snprintf(res, sizeof(res), "%s", json_object_to_json_string_ext(obj, TK_JSON_FLAGS));
	return res;
}

/* The message tk_eval_add gives for one ticket, or "ok". */
static const char *message(struct tk_eval *e, const char *ticket)
{
	static struct tk_error err;
	struct json_object *obj = json_tokener_parse(ticket);
	int rc = tk_eval_add(e, obj, &err);

	json_object_put(obj);
	return rc == 0 ? "ok" : err.msg;
}

/* Six tickets, five with a confidence; the numbers below are worked out by hand. */
static const char six[] =
	"{\"label\":\"billing\",\"class\":{\"label\":\"billing\",\"confidence\":0.9}}\n"
	"{\"label\":\"billing\",\"class\":{\"label\":\"account\",\"confidence\":0.6}}\n"
	"{\"label\":\"account\",\"class\":{\"label\":\"account\",\"confidence\":0.8}}\n"
	"{\"label\":\"account\",\"class\":{\"label\":\"billing\",\"confidence\":0.3}}\n"
	"{\"label\":\"billing\",\"class\":{\"label\":\"billing\",\"confidence\":0.95}}\n"
	"{\"label\":\"shipping\",\"class\":{\"label\":\"billing\"}}\n";

static void test_metrics(void)
{
	struct tk_eval e;
	struct json_object *r;

	tk_eval_init(&e);
	TAP_INT(add_all(&e, six), 0, "six tickets are counted");
	e.bad = 2;
	r = report(&e);
	TAP_OK(r != NULL, "the report is JSON");
	TAP_STR(val(r, "tickets"), "6", "tickets");
	TAP_STR(val(r, "bad"), "2", "bad lines as the caller counted them");
	TAP_STR(val(r, "with_confidence"), "5", "tickets with a confidence");
	TAP_STR(val(r, "accuracy"), "0.5000", "accuracy 3/6");
	TAP_STR(val(r, "micro_f1"), "0.5000", "micro F1 equals accuracy for single-label data");
	/* account: P 1/2 R 1/2 F1 .5; billing: P 2/4 R 2/3 F1 4/7; shipping: 0. Mean over 3. */
	TAP_STR(val(r, "macro_f1"), "0.3571", "macro F1 = (1/2 + 4/7 + 0) / 3");
	TAP_STR(val(r, "classes.0.label"), "\"account\"", "classes in byte order: account first");
	TAP_STR(val(r, "classes.1.label"), "\"billing\"", "then billing");
	TAP_STR(val(r, "classes.1.support"), "3", "billing support");
	TAP_STR(val(r, "classes.1.predicted"), "4", "billing predicted");
	TAP_STR(val(r, "classes.1.precision"), "0.5000", "billing precision 2/4");
	TAP_STR(val(r, "classes.1.recall"), "0.6667", "billing recall 2/3");
	TAP_STR(val(r, "classes.1.f1"), "0.5714", "billing F1 4/7");
	TAP_STR(val(r, "classes.2.label"), "\"shipping\"",
		"a gold label never predicted is listed");
	TAP_STR(val(r, "classes.2.predicted"), "0", "with nothing predicted");
	TAP_STR(val(r, "classes.2.precision"), "0.0000", "undefined precision is 0");
	TAP_STR(val(r, "classes.2.f1"), "0.0000", "and so is its F1");
	/* Bins: .3 wrong, .6 wrong, .8 right, .9 and .95 right: (.3 + .6 + .2 + 2 * .075) / 5. */
	TAP_STR(val(r, "calibration.ece"), "0.2500", "ECE");
	TAP_STR(val(r, "calibration.bins.3.count"), "1", "0.3 is in the bin that starts at 0.3");
	TAP_STR(val(r, "calibration.bins.6.count"), "1", "0.6 is in the bin that starts at 0.6");
	TAP_STR(val(r, "calibration.bins.9.count"), "2", "the last bin holds 0.9 and 0.95");
	TAP_STR(val(r, "calibration.bins.9.confidence"), "0.9250", "its mean confidence");
	TAP_STR(val(r, "calibration.bins.0.accuracy"), "null", "an empty bin has no accuracy");
	TAP_STR(val(r, "automation.0.threshold"), "0.00", "the curve starts at 0");
	TAP_STR(val(r, "automation.0.automated"), "1.0000", "everything is automated at 0");
	TAP_STR(val(r, "automation.0.accuracy"), "0.6000", "accuracy 3/5 on them");
	TAP_STR(val(r, "automation.12.automated"), "0.8000",
		"at 0.60 a confidence of exactly 0.6 is automated");
	TAP_STR(val(r, "automation.13.accuracy"), "1.0000", "at 0.65: 3 of 3 right");
	TAP_STR(val(r, "automation.20.threshold"), "1.00", "the curve ends at 1");
	TAP_STR(val(r, "automation.20.automated"), "0.0000", "nothing is as sure as 1");
	TAP_STR(val(r, "automation.20.accuracy"), "null", "so no accuracy there");
	TAP_STR(val(r, "target.precision"), "0.9500", "the default target precision");
	TAP_STR(val(r, "target.threshold"), "0.8", "the target is reached at 0.8");
	TAP_STR(val(r, "target.automated"), "0.6000", "automating 3 of 5");
	TAP_STR(val(r, "target.reason"), "null", "no reason when reached");
	TAP_STR(val(r, "segments"), "[]", "no segments without --by");
	json_object_put(r);
	tk_eval_release(&e);
}

static void test_confusions(void)
{
	struct tk_eval e;
	struct json_object *r;

	tk_eval_init(&e);
	/* b->a twice; c->a, a->c, a->b once each: ties by gold, then predicted. */
	add_all(&e, "{\"label\":\"c\",\"class\":{\"label\":\"a\"}}\n"
		    "{\"label\":\"b\",\"class\":{\"label\":\"a\"}}\n"
		    "{\"label\":\"a\",\"class\":{\"label\":\"c\"}}\n"
		    "{\"label\":\"b\",\"class\":{\"label\":\"a\"}}\n"
		    "{\"label\":\"a\",\"class\":{\"label\":\"b\"}}\n"
		    "{\"label\":\"a\",\"class\":{\"label\":\"a\"}}\n");
	r = report(&e);
	TAP_STR(val(r, "confusions.0"), "{\"gold\":\"b\",\"predicted\":\"a\",\"count\":2}",
		"the most frequent pair first");
	TAP_STR(val(r, "confusions.1"), "{\"gold\":\"a\",\"predicted\":\"b\",\"count\":1}",
		"a tie: gold a before gold c, predicted b before c");
	TAP_STR(val(r, "confusions.2"), "{\"gold\":\"a\",\"predicted\":\"c\",\"count\":1}",
		"then a -> c");
	TAP_STR(val(r, "confusions.3"), "{\"gold\":\"c\",\"predicted\":\"a\",\"count\":1}",
		"then c -> a");
	TAP_STR(val(r, "confusions.4"), "(missing)", "a correct prediction is no confusion");
	TAP_STR(val(r, "target.reason"), "\"no ticket has a confidence\"",
		"no confidence: no target, with the reason");
	TAP_STR(val(r, "calibration.ece"), "null", "and no ECE");
	json_object_put(r);
	e.top = 2;
	r = report(&e);
	TAP_STR(val(r, "confusions.1.gold"), "\"a\"", "--top 2 keeps the first two");
	TAP_STR(val(r, "confusions.2"), "(missing)", "and no more");
	json_object_put(r);
	e.top = 0;
	r = report(&e);
	TAP_STR(val(r, "confusions"), "[]", "--top 0 lists none");
	json_object_put(r);
	tk_eval_release(&e);
}

static void test_calibration(void)
{
	struct tk_eval e;
	struct json_object *r;

	tk_eval_init(&e);
	e.bins = 2;
	/* Bin [0, .5): .2 right, .4 wrong: conf .3, acc .5.  Bin [.5, 1]: .5 .7 1 all right: conf
	 * 2.2/3, acc 1.  ECE = 2/5 * .2 + 3/5 * (1 - 2.2/3) = .08 + .16 = .24. */
	add_all(&e, "{\"label\":\"x\",\"class\":{\"label\":\"x\",\"confidence\":0.2}}\n"
		    "{\"label\":\"x\",\"class\":{\"label\":\"y\",\"confidence\":0.4}}\n"
		    "{\"label\":\"y\",\"class\":{\"label\":\"y\",\"confidence\":0.5}}\n"
		    "{\"label\":\"y\",\"class\":{\"label\":\"y\",\"confidence\":0.7}}\n"
		    "{\"label\":\"x\",\"class\":{\"label\":\"x\",\"confidence\":1}}\n");
	r = report(&e);
	TAP_STR(val(r, "calibration.bins.0"),
		"{\"lower\":0.0000,\"upper\":0.5000,\"count\":2,"
		"\"confidence\":0.3000,\"accuracy\":0.5000}",
		"two bins: the lower one");
	TAP_STR(val(r, "calibration.bins.1"),
		"{\"lower\":0.5000,\"upper\":1.0000,\"count\":3,"
		"\"confidence\":0.7333,\"accuracy\":1.0000}",
		"the upper one takes 0.5 and 1");
	TAP_STR(val(r, "calibration.bins.2"), "(missing)", "--bins 2 makes two bins");
	TAP_STR(val(r, "calibration.ece"), "0.2400", "ECE = 2/5 * 0.2 + 3/5 * (1 - 2.2/3)");
	json_object_put(r);
	tk_eval_release(&e);

	/* A perfectly calibrated pair of bins gives 0. */
	tk_eval_init(&e);
	e.bins = 1;
	add_all(&e, "{\"label\":\"x\",\"class\":{\"label\":\"x\",\"confidence\":0.5}}\n"
		    "{\"label\":\"x\",\"class\":{\"label\":\"y\",\"confidence\":0.5}}\n");
	r = report(&e);
	TAP_STR(val(r, "calibration.ece"), "0.0000", "confidence 0.5, half right: ECE 0");
	json_object_put(r);
	tk_eval_release(&e);
}

static void test_target(void)
{
	struct tk_eval e;
	struct json_object *r;

	/*
	 * Sorted by confidence: .987654321 right, .9 right, .9 wrong, .8 right, .7 right, .6 right,
	 * .5 wrong.  Prefixes cut between different confidences: 1/1, 2/3 (.9 tie kept whole),
	 * 3/4, 4/5, 5/6, 5/7.
	 */
	static const char seven[] =
		"{\"label\":\"a\",\"class\":{\"label\":\"a\",\"confidence\":0.987654321}}\n"
		"{\"label\":\"a\",\"class\":{\"label\":\"a\",\"confidence\":0.9}}\n"
		"{\"label\":\"a\",\"class\":{\"label\":\"b\",\"confidence\":0.9}}\n"
		"{\"label\":\"b\",\"class\":{\"label\":\"b\",\"confidence\":0.8}}\n"
		"{\"label\":\"b\",\"class\":{\"label\":\"b\",\"confidence\":0.7}}\n"
		"{\"label\":\"a\",\"class\":{\"label\":\"a\",\"confidence\":0.6}}\n"
		"{\"label\":\"a\",\"class\":{\"label\":\"b\",\"confidence\":0.5}}\n";

	tk_eval_init(&e);
	add_all(&e, seven);
	r = report(&e);
	TAP_STR(val(r, "target.threshold"), "0.987654321",
		"0.95: only the top ticket; its confidence exactly");
	TAP_STR(val(r, "target.automated"), "0.1429", "1 of 7 automated");
	TAP_STR(val(r, "target.accuracy"), "1.0000", "all of them right");
	json_object_put(r);

	e.target_precision = 0.8;
	r = report(&e);
	TAP_STR(val(r, "target.threshold"), "0.6",
		"0.8: the smallest threshold, past a dip in accuracy (2/3 at 0.9)");
	TAP_STR(val(r, "target.automated"), "0.8571", "6 of 7");
	TAP_STR(val(r, "target.accuracy"), "0.8333", "5 of 6 right");
	json_object_put(r);

	e.target_precision = 0.75;
	r = report(&e);
	TAP_STR(val(r, "target.threshold"), "0.6", "0.75: still 0.6 (5/7 at 0.5 is too low)");
	json_object_put(r);

	e.target_precision = 0.7;
	r = report(&e);
	TAP_STR(val(r, "target.threshold"), "0.5", "0.7: everything (5/7 = 0.714)");
	TAP_STR(val(r, "target.automated"), "1.0000", "all of it automated");
	json_object_put(r);

	e.target_precision = 1;
	r = report(&e);
	TAP_STR(val(r, "target.threshold"), "0.987654321", "1: the top ticket alone is perfect");
	json_object_put(r);
	tk_eval_release(&e);

	/* A tie at the top that is half wrong: 1 is out of reach. */
	tk_eval_init(&e);
	e.target_precision = 1;
	add_all(&e, "{\"label\":\"a\",\"class\":{\"label\":\"a\",\"confidence\":0.9}}\n"
		    "{\"label\":\"a\",\"class\":{\"label\":\"b\",\"confidence\":0.9}}\n"
		    "{\"label\":\"a\",\"class\":{\"label\":\"a\",\"confidence\":0.1}}\n");
	r = report(&e);
	TAP_STR(val(r, "target.threshold"), "null",
		"tied confidences go together: the perfect half cannot be split off");
	TAP_STR(val(r, "target.automated"), "null", "nothing automated");
	TAP_STR(val(r, "target.reason"), "\"no confidence threshold reaches the target precision\"",
		"with the reason");
	json_object_put(r);
	e.target_precision = 0.95;
	tk_eval_release(&e);
	TAP_OK(e.target_precision == 0.95 && e.bins == 10 && e.top == 10,
	       "release keeps the settings");

	/* A precision met exactly: 19 of 20 right against 0.95. */
	tk_eval_init(&e);
	{
		struct tk_buf b = TK_BUF_INIT;
		int i;

		for (i = 0; i < 20; i++)
			tk_buf_addf(&b,
				    "{\"label\":\"a\",\"class\":"
				    "{\"label\":\"%s\",\"confidence\":0.%02d}}\n",
				    i == 0 ? "b" : "a", 50 + i);
		add_all(&e, b.buf);
		tk_buf_release(&b);
	}
	r = report(&e);
	TAP_STR(val(r, "target.threshold"), "0.5", "19/20 = 0.95 reaches 0.95 exactly");
	json_object_put(r);
	tk_eval_release(&e);
}

static void test_segments(void)
{
	struct tk_eval e;
	struct json_object *r;

	tk_eval_init(&e);
	tk_eval_by(&e, "customer.tier");
	tk_eval_by(&e, "channel");
	tk_eval_by(&e, "customer.tier");
	add_all(&e, "{\"label\":\"a\",\"class\":{\"label\":\"a\"},"
		    "\"customer\":{\"tier\":\"pro\"}}\n"
		    "{\"label\":\"a\",\"class\":{\"label\":\"b\"},"
		    "\"customer\":{\"tier\":\"free\"}}\n"
		    "{\"label\":\"b\",\"class\":{\"label\":\"b\"},\"channel\":\"chat\"}\n"
		    "{\"label\":\"b\",\"class\":{\"label\":\"b\"},\"customer\":{\"tier\":\"free\"},"
		    "\"channel\":null}\n");
	r = report(&e);
	TAP_STR(val(r, "segments.2"), "(missing)", "a --by field named twice counts once");
	TAP_STR(val(r, "segments.0.field"), "\"customer.tier\"", "segments in the order given");
	TAP_STR(val(r, "segments.0.values.0.value"), "\"free\"", "values in byte order");
	TAP_STR(val(r, "segments.0.values.0.tickets"), "2", "free: 2 tickets");
	TAP_STR(val(r, "segments.0.values.0.accuracy"), "0.5000", "free: half right");
	TAP_STR(val(r, "segments.0.values.0.bad"), "(missing)", "no bad count per segment");
	TAP_STR(val(r, "segments.0.values.0.segments"), "(missing)", "no segments in segments");
	TAP_STR(val(r, "segments.0.values.0.macro_f1"), "0.3333",
		"free: macro F1 over its own gold labels, a (0) and b (2/3)");
	TAP_STR(val(r, "segments.0.values.1.value"), "\"pro\"", "then pro");
	TAP_STR(val(r, "segments.0.values.2.value"), "null", "the missing value last, as null");
	TAP_STR(val(r, "segments.0.values.2.tickets"), "1", "one ticket has no tier");
	TAP_STR(val(r, "segments.1.values.0.value"), "\"chat\"", "channel: chat");
	TAP_STR(val(r, "segments.1.values.1.value"), "null", "a null value counts as missing");
	TAP_STR(val(r, "segments.1.values.1.tickets"), "3", "three tickets without a channel");
	TAP_STR(val(r, "segments.1.values.0.classes.0.label"), "\"b\"",
		"a segment lists only its own labels");
	TAP_STR(val(r, "segments.1.values.0.classes.1"), "(missing)", "and no others");
	json_object_put(r);
	tk_eval_release(&e);
}

static void test_labels_and_errors(void)
{
	struct tk_eval e;
	struct json_object *r;

	tk_eval_init(&e);
	TAP_STR(message(&e, "{\"label\":1,\"class\":{\"label\":1.0}}"), "ok", "numbers are labels");
	TAP_STR(message(&e, "{\"label\":true,\"class\":{\"label\":true,\"confidence\":1}}"), "ok",
		"booleans are labels, an integer confidence of 1 is fine");
	r = report(&e);
	TAP_STR(val(r, "classes.0.label"), "\"1\"", "a number's label is its JSON text");
	TAP_STR(val(r, "classes.1.label"), "\"1.0\"", "so 1.0 is another label than 1");
	TAP_STR(val(r, "classes.2.label"), "\"true\"", "true is \"true\"");
	TAP_STR(val(r, "accuracy"), "0.5000", "1 and 1.0 differ, true and true agree");
	json_object_put(r);

	TAP_STR(message(&e, "{\"label\":\"\",\"class\":{\"label\":\"\"}}"), "empty 'label'",
		"the empty string is no gold label (tk-train refuses it too)");
	TAP_STR(message(&e, "{\"class\":{\"label\":\"a\"}}"), "no 'label' field", "no gold label");
	TAP_STR(message(&e, "{\"label\":null,\"class\":{\"label\":\"a\"}}"), "no 'label' field",
		"a null gold label counts as missing");
	TAP_STR(message(&e, "{\"label\":\"a\"}"), "no 'class.label' field", "no prediction");
	TAP_STR(message(&e, "{\"label\":\"a\",\"class\":\"a\"}"), "no 'class.label' field",
		"class is not an object");
	TAP_STR(message(&e, "{\"label\":[\"a\"],\"class\":{\"label\":\"a\"}}"),
		"'label' is an array, not a string, number or boolean", "an array is no label");
	TAP_STR(message(&e, "{\"label\":\"a\",\"class\":{\"label\":{}}}"),
		"'class.label' is an object, not a string, number or boolean",
		"an object is no label");
	TAP_STR(message(&e, "{\"label\":\"a\",\"class\":{\"label\":\"a\",\"confidence\":\"0.9\"}}"),
		"'class.confidence' is a string, not a number", "a confidence in a string");
	TAP_STR(message(&e, "{\"label\":\"a\",\"class\":{\"label\":\"a\",\"confidence\":1.01}}"),
		"'class.confidence' is 1.01, not in [0, 1]", "a confidence above 1");
	TAP_STR(message(&e, "{\"label\":\"a\",\"class\":{\"label\":\"a\",\"confidence\":-1e-9}}"),
		"'class.confidence' is -1e-9, not in [0, 1]", "a confidence below 0");
	TAP_STR(message(&e, "{\"label\":\"a\",\"class\":{\"label\":\"a\",\"confidence\":null}}"),
		"ok", "a null confidence counts as missing");
	TAP_STR(message(&e, "{\"error\":\"expected an object, got array\",\"file\":\"in.jsonl\","
			    "\"line\":3,\"raw\":\"[1]\"}"),
		"upstream error at in.jsonl:3: expected an object, got array",
		"an error object is not a ticket");
	TAP_STR(message(&e, "{\"error\":\"oops\",\"line\":7,\"raw\":\"x\"}"),
		"upstream error at line 7: oops", "an error object without a file");
	tk_eval_by(&e, "tier");
	TAP_STR(message(&e, "{\"label\":\"a\",\"class\":{\"label\":\"a\"},\"tier\":{\"x\":1}}"),
		"'tier' is an object, not a string, number or boolean", "an object is no segment");
	r = report(&e);
	TAP_STR(val(r, "tickets"), "3", "tickets that could not be counted are not");
	json_object_put(r);
	tk_eval_release(&e);
}

static void test_empty(void)
{
	struct tk_eval e;
	struct json_object *r;
	struct tk_buf b = TK_BUF_INIT;

	tk_eval_init(&e);
	tk_eval_by(&e, "channel");
	r = report(&e);
	TAP_STR(val(r, "tickets"), "0", "empty: no tickets");
	TAP_STR(val(r, "accuracy"), "null", "empty: accuracy is null");
	TAP_STR(val(r, "macro_f1"), "null", "empty: macro F1 is null");
	TAP_STR(val(r, "classes"), "[]", "empty: no classes");
	TAP_STR(val(r, "automation.0.automated"), "null", "empty: nothing to automate");
	TAP_STR(val(r, "segments.0.values"), "[]", "empty: no segment values");
	json_object_put(r);
	tk_eval_text(&e, &b);
	TAP_OK(strstr(b.buf, "accuracy    -\n") != NULL, "empty: the table says '-'");
	tk_buf_release(&b);
	tk_eval_release(&e);
}

static void test_text(void)
{
	struct tk_eval e;
	struct tk_buf b = TK_BUF_INIT;

	tk_eval_init(&e);
	tk_eval_by(&e, "tier");
	add_all(&e, six);
	add_all(&e,
		"{\"label\":\"l\\u00e4nger\",\"class\":{\"label\":\"a\\nb\"},\"tier\":\"x\"}\n");
	tk_eval_text(&e, &b);
	TAP_OK(strstr(b.buf, "accuracy    0.4286\n") != NULL, "text: accuracy 3/7");
	TAP_OK(strstr(b.buf, "target      confidence >= 0.8 reaches precision 0.9500\n"
			     "automated   3 of 5 tickets (0.6000), accuracy 1.0000\n") != NULL,
	       "text: the target lines");
	TAP_OK(strstr(b.buf, "\nlänger          1          0     0.0000   0.0000   0.0000\n"),
	       "text: a label with a non-ASCII letter is padded by characters");
	TAP_OK(strstr(b.buf, "a?b ") != NULL, "text: a newline in a label is shown as '?'");
	TAP_OK(strstr(b.buf, "\nby tier\n") != NULL, "text: a segments table");
	TAP_OK(strstr(b.buf, "\n(none)        6") != NULL, "text: the missing value as (none)");
	TAP_OK(b.len && b.buf[b.len - 1] == '\n', "text: ends in a newline");
	tk_buf_release(&b);
	tk_eval_release(&e);
}

int main(void)
{
	test_metrics();
	test_confusions();
	test_calibration();
	test_target();
	test_segments();
	test_labels_and_errors();
	test_empty();
	test_text();
	return tap_done();
}

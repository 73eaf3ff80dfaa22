/*
 * tk-eval: read tickets that carry a gold label and a prediction and write
 * one report: accuracy, F1, confusions, calibration, the automation curve
 * and the threshold that reaches a target precision, overall and per
 * segment.  It reads all its input before it writes (a report).
 */
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "eval.h"
#include "file.h"
#include "plot.h"

enum {
	OPT_CONFIDENCE = CLI_TOOL_OPTIONS,
	OPT_BY,
	OPT_TARGET,
	OPT_BINS,
	OPT_TOP,
	OPT_FORMAT,
	OPT_PLOT
};

static const struct cli_option options[] = {
	{ 'l', "label", "FIELD", "gold label field (default: label)" },
	{ 'p', "predicted", "FIELD", "predicted label field (default: class.label)" },
	{ OPT_CONFIDENCE, "confidence", "FIELD", "confidence field (default: class.confidence)" },
	{ OPT_BY, "by", "FIELD", "report per value of FIELD too (repeatable)" },
	{ OPT_TARGET, "target-precision", "NUM", "the precision to automate at (default: 0.95)" },
	{ OPT_BINS, "bins", "NUM", "calibration bins (default: 10)" },
	{ OPT_TOP, "top", "NUM", "list the NUM most confused pairs (default: 10)" },
	{ OPT_FORMAT, "format", "json|text", "write JSON or a table (default: json)" },
	{ OPT_PLOT, "plot", "FILE", "draw the automation curve and the calibration as SVG into FILE" },
	CLI_INPUT_OPTIONS
};

static struct cli cli = { "tk-eval", "[file ...]",
			  "Measure predictions against gold labels: accuracy, F1, calibration, "
			  "automation.",
			  options, 0 };

struct evaluate {
	struct tk_eval e;
	int text;
	const char *plotfile;
};

static int eval_record(void *ctx, struct tk_record *rec, struct tk_error *err)
{
	struct evaluate *ev = ctx;

	return tk_eval_add(&ev->e, rec->obj, err) < 0 ? TK_RC_BAD : TK_RC_OK;
}

/* At the end of the input: write the report. */
static int eval_end(void *ctx, struct tk_stream *s, struct tk_error *err)
{
	struct evaluate *ev = ctx;
	struct tk_buf b = TK_BUF_INIT;
	int rc;

	ev->e.bad = s->bad;
	if (ev->text)
		tk_eval_text(&ev->e, &b);
	else
		tk_eval_json(&ev->e, &b);
	/* The table ends in a newline already; tk_stream_write_line adds one. */
	if (ev->text && b.len)
		b.len--;
	rc = tk_stream_write_line(s, b.buf ? b.buf : "", b.len, err);
	/* The chart after the report: a file that cannot be written leaves the report whole. */
	if (rc == 0 && ev->plotfile) {
		tk_buf_reset(&b);
		tk_plot_eval(&ev->e, &b);
		if (tk_file_replace(ev->plotfile, b.buf, b.len, err) < 0)
			rc = TK_RC_FATAL;
	}
	tk_buf_release(&b);
	return rc;
}

int main(int argc, char **argv)
{
	struct evaluate ev = { .text = 0 };
	struct tk_stream s;
	char *arg;
	int id, status;

	cli_init(&cli);
	tk_stream_init(&s);
	tk_eval_init(&ev.e);
	while ((id = cli_next(&cli, argc, argv, &arg)) != -1) {
		switch (id) {
		case 'l': ev.e.label_field = arg; break;
		case 'p': ev.e.predicted_field = arg; break;
		case OPT_CONFIDENCE: ev.e.confidence_field = arg; break;
		case OPT_BY: tk_eval_by(&ev.e, arg); break;
		case OPT_TARGET:
			ev.e.target_precision = cli_real("target-precision", arg, 0, 1);
			if (ev.e.target_precision <= 0)
				cli_die("--target-precision: '%s' is too small (must be above 0)",
					arg);
			break;
		case OPT_BINS: ev.e.bins = (unsigned)cli_num("bins", arg, 1, 1000); break;
		case OPT_TOP: ev.e.top = (unsigned long)cli_num("top", arg, 0, 1000000); break;
		case OPT_FORMAT:
			if (strcmp(arg, "json") == 0)
				ev.text = 0;
			else if (strcmp(arg, "text") == 0)
				ev.text = 1;
			else
				cli_die("--format: unknown format '%s' (use json or text)", arg);
			break;
		case OPT_PLOT: ev.plotfile = arg; break;
		default:
			if (!cli_stream_option(&cli, id, arg, &s))
				cli_die("option %d not handled", id);
		}
	}
	s.echo = 0;
	s.record = eval_record;
	s.end = eval_end;
	s.ctx = &ev;
	s.report = cli_report;
	status = tk_stream_run(&s, argv + optind, argc - optind);
	tk_stream_release(&s);
	tk_eval_release(&ev.e);
	return cli_exit(status);
}

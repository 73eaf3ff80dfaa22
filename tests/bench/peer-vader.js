// The VADER side of bench-sentiment.sh: the npm package vader-sentiment,
// the JavaScript port of VADER (Hutto & Gilbert 2014), installed at run
// time by the bench into a directory of its own.
//
// usage: node peer-vader.js MODULES score FILE.jsonl
//            print VADER's compound score of each line's text, one a line
//        node peer-vader.js MODULES annotate FILE.jsonl
//            the throughput run: read the JSONL line by line, add the key
//            "sentiment" (polarity_scores: neg, neu, pos, compound) to each
//            object and write it with JSON.stringify, one a line, to stdout
//
// MODULES is the node_modules directory that holds vader-sentiment.  The
// text is subject + "\n" + body when the ticket has either, else text, as
// tk-sentiment takes it.  The text goes to VADER as it is (no decoding of
// HTML entities or other clean-up).
'use strict';

const fs = require('fs');
const path = require('path');
const readline = require('readline');

function usage() {
	process.stderr.write('usage: node peer-vader.js MODULES score|annotate FILE.jsonl\n');
	process.exit(2);
}

const args = process.argv.slice(2);
if (args.length !== 3 || (args[1] !== 'score' && args[1] !== 'annotate'))
	usage();
const vader = require(path.join(path.resolve(args[0]), 'vader-sentiment'));
const analyzer = vader.SentimentIntensityAnalyzer;
const mode = args[1];
const file = args[2];

function ticketText(o) {
	if (typeof o.subject === 'string' || typeof o.body === 'string')
		return (o.subject || '') + '\n' + (o.body || '');
	return typeof o.text === 'string' ? o.text : '';
}

// Output in blocks: one write per line would cost more than VADER itself
// on small tickets.  On Linux, writes to stdout are synchronous for files
// and pipes alike.
let buf = [];
let bufLen = 0;
function emit(s) {
	buf.push(s);
	bufLen += s.length;
	if (bufLen >= 1 << 16) {
		process.stdout.write(buf.join(''));
		buf = [];
		bufLen = 0;
	}
}

let n = 0;
const rl = readline.createInterface({
	input: fs.createReadStream(file, {encoding: 'utf8', highWaterMark: 1 << 16}),
	crlfDelay: Infinity,
});
rl.on('line', (line) => {
	n++;
	let o;
	try {
		o = JSON.parse(line);
	} catch (e) {
		process.stderr.write(`peer-vader.js: ${file}:${n}: ${e.message}\n`);
		process.exit(1);
	}
	const s = analyzer.polarity_scores(ticketText(o));
	if (mode === 'score') {
		emit(s.compound + '\n');
	} else {
		o.sentiment = s;
		emit(JSON.stringify(o) + '\n');
	}
});
rl.on('close', () => {
	if (bufLen > 0)
		process.stdout.write(buf.join(''));
});

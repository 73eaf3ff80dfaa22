// The AFINN side of bench-sentiment.sh: the npm package sentiment (AFINN-165
// word list, with its negation rule), installed at run time by the bench
// into a directory of its own.
//
// usage: node peer-afinn.js MODULES FILE.jsonl
//            print the "comparative" score of each line's text, one a line
//
// MODULES is the node_modules directory that holds sentiment.  comparative
// is the sum of the AFINN values (-5..5 a word) divided by the number of
// tokens: not bounded to [-1,1], but near 0 for most texts.  The text is
// subject + "\n" + body when the ticket has either, else text, as
// tk-sentiment takes it, and goes to the package as it is.
'use strict';

const fs = require('fs');
const path = require('path');

const args = process.argv.slice(2);
if (args.length !== 2) {
	process.stderr.write('usage: node peer-afinn.js MODULES FILE.jsonl\n');
	process.exit(2);
}
const Sentiment = require(path.join(path.resolve(args[0]), 'sentiment'));
const sentiment = new Sentiment();

function ticketText(o) {
	if (typeof o.subject === 'string' || typeof o.body === 'string')
		return (o.subject || '') + '\n' + (o.body || '');
	return typeof o.text === 'string' ? o.text : '';
}

const lines = fs.readFileSync(args[1], 'utf8').split('\n');
if (lines.length > 0 && lines[lines.length - 1] === '')
	lines.pop();
const out = [];
lines.forEach((line, i) => {
	let o;
	try {
		o = JSON.parse(line);
	} catch (e) {
		process.stderr.write(`peer-afinn.js: ${args[1]}:${i + 1}: ${e.message}\n`);
		process.exit(1);
	}
	out.push(sentiment.analyze(ticketText(o)).comparative + '\n');
});
process.stdout.write(out.join(''));

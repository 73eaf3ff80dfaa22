#!/usr/bin/python3
"""The fastText side of bench-classify.sh: converts tickets to fastText's
input and scores its predictions.

usage: peer-fasttext.py train FILE.jsonl    print "__label__LABEL text" lines
       peer-fasttext.py text FILE.jsonl     print the text alone, one per line
       peer-fasttext.py score TEST.jsonl PRED
                                            print "accuracy macro_f1" of the
                                            "__label__LABEL" lines in PRED

The text is the ticket's "text" field (else subject and body), on one line:
every character fastText splits words on (space, tab, newline, CR, VT, FF,
NUL) becomes a space, runs of them one space.  A label's whitespace becomes
"_", in the input and in the gold labels that predictions are scored on.
Macro-F1 averages over every label seen in the gold or the predictions,
as scikit-learn's f1_score(average="macro") does.
"""
import json
import re
import sys

SPACE = re.compile(r"[ \t\n\r\v\f\0]+")


def tickets(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            text = o.get("text")
            if text is None:
                text = "%s %s" % (o.get("subject", ""), o.get("body", ""))
            yield SPACE.sub(" ", text).strip(), SPACE.sub("_", str(o["label"]))


def score(test, pred):
    gold = [label for _, label in tickets(test)]
    with open(pred, encoding="utf-8") as f:
        got = [line.strip().split(" ")[0] for line in f]
    if len(got) != len(gold):
        sys.exit("peer-fasttext.py: %d predictions for %d tickets" % (len(got), len(gold)))
    got = [p[len("__label__"):] if p.startswith("__label__") else p for p in got]
    tp, fp, fn = {}, {}, {}
    for g, p in zip(gold, got):
        if g == p:
            tp[g] = tp.get(g, 0) + 1
        else:
            fn[g] = fn.get(g, 0) + 1
            fp[p] = fp.get(p, 0) + 1
    labels = set(gold) | set(got)
    f1 = 0.0
    for label in labels:
        t = tp.get(label, 0)
        d = 2 * t + fp.get(label, 0) + fn.get(label, 0)
        f1 += 2 * t / d if d else 0.0
    print("%.4f %.4f" % (sum(tp.values()) / len(gold), f1 / len(labels)))


def main():
    args = sys.argv[1:]
    if len(args) == 2 and args[0] in ("train", "text"):
        out = sys.stdout
        for text, label in tickets(args[1]):
            out.write("__label__%s %s\n" % (label, text) if args[0] == "train" else text + "\n")
    elif len(args) == 3 and args[0] == "score":
        score(args[1], args[2])
    else:
        sys.exit(__doc__.split("\n\n")[1])


main()

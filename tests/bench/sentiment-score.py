#!/usr/bin/python3
"""Scoring for bench-sentiment.sh: a tool's sentiment scores against the
human ratings of a VADER ground-truth corpus.

usage: sentiment-score.py scores GOLD.jsonl SCORES
           SCORES has one number a line, in GOLD's order (the peers)
       sentiment-score.py tk GOLD.jsonl OUT.jsonl
           OUT is tk-sentiment's output on GOLD: each line must be GOLD's
           ticket (the same "id", in order) with a "sentiment" object whose
           "score" is a number in [-1, 1] and "label" one of negative,
           neutral, positive

Prints "r macro_f1": Pearson's r of the scores against GOLD's score_norm,
and the 3-class macro-F1 when both are cut at +-0.05 (positive above 0.05,
negative below -0.05, else neutral), F1 averaged over the three classes.
A count of lines that does not match GOLD's, or an output that is not sane,
is an error (exit 1).
"""
import json
import math
import sys

CUT = 0.05
CLASSES = ("negative", "neutral", "positive")
LABELS = set(CLASSES)


def die(msg):
    sys.exit("sentiment-score.py: " + msg)


def polarity(x):
    return "positive" if x > CUT else "negative" if x < -CUT else "neutral"


def read_gold(path):
    ids, gold = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            ids.append(o["id"])
            gold.append(float(o["score_norm"]))
    return ids, gold


def read_scores(path):
    got = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                x = float(line)
            except ValueError:
                die("%s:%d: not a number: %r" % (path, n, line.strip()))
            if not math.isfinite(x):
                die("%s:%d: not a finite number: %r" % (path, n, line.strip()))
            got.append(x)
    return got


def read_tk(path, ids):
    got = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            where = "%s:%d" % (path, n)
            try:
                o = json.loads(line)
            except ValueError as e:
                die("%s: not JSON: %s" % (where, e))
            if n <= len(ids) and o.get("id") != ids[n - 1]:
                die("%s: id %r where the input has %r" % (where, o.get("id"), ids[n - 1]))
            s = o.get("sentiment")
            if not isinstance(s, dict):
                die("%s: no \"sentiment\" object" % where)
            x = s.get("score")
            if isinstance(x, bool) or not isinstance(x, (int, float)) or not -1 <= x <= 1:
                die("%s: sentiment.score %r is not a number in [-1, 1]" % (where, x))
            if s.get("label") not in LABELS:
                die("%s: sentiment.label %r is not one of %s" % (where, s.get("label"),
                                                                  ", ".join(CLASSES)))
            got.append(float(x))
    return got


def pearson(x, y):
    n = len(x)
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx == 0 or syy == 0:
        return 0.0  # a constant score correlates with nothing
    return sxy / math.sqrt(sxx * syy)


def macro_f1(gold, got):
    f1 = 0.0
    for c in CLASSES:
        tp = sum(1 for g, p in zip(gold, got) if g == c and p == c)
        fp = sum(1 for g, p in zip(gold, got) if g != c and p == c)
        fn = sum(1 for g, p in zip(gold, got) if g == c and p != c)
        d = 2 * tp + fp + fn
        f1 += 2 * tp / d if d else 0.0
    return f1 / len(CLASSES)


def main():
    args = sys.argv[1:]
    if len(args) != 3 or args[0] not in ("scores", "tk"):
        sys.exit(__doc__.split("\n\n")[1])
    ids, gold = read_gold(args[1])
    got = read_scores(args[2]) if args[0] == "scores" else read_tk(args[2], ids)
    if len(got) != len(gold):
        die("%s has %d lines for %d items of %s" % (args[2], len(got), len(gold), args[1]))
    if not gold:
        die("%s is empty" % args[1])
    r = pearson(got, gold)
    f1 = macro_f1([polarity(g) for g in gold], [polarity(p) for p in got])
    print("%.4f %.4f" % (r, f1))


if __name__ == "__main__":
    main()

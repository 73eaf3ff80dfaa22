#!/usr/bin/python3
"""The scikit-learn peer of bench-classify.sh, with the settings issue 3 names:
TF-IDF of word 1-2-grams plus char_wb 2-5-grams (sublinear tf), LinearSVC(C=0.5).

usage: peer-sklearn.py TRAIN.jsonl TEST.jsonl
Prints one line: accuracy macro_f1 train_seconds (vectorise + fit).
"""
import json
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import accuracy_score, f1_score
from sklearn.pipeline import make_union
from sklearn.svm import LinearSVC


def load(path):
    texts, labels = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            texts.append(o["text"])
            labels.append(o["label"])
    return texts, labels


def main():
    xtr, ytr = load(sys.argv[1])
    xte, yte = load(sys.argv[2])
    t0 = time.perf_counter()
    vec = make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
    )
    x = vec.fit_transform(xtr)
    clf = LinearSVC(C=0.5).fit(x, ytr)
    secs = time.perf_counter() - t0
    pred = clf.predict(vec.transform(xte))
    print("%.4f %.4f %.3f" % (accuracy_score(yte, pred), f1_score(yte, pred, average="macro"), secs))


main()

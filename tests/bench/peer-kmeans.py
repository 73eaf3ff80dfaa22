#!/usr/bin/python3
"""The scikit-learn peer of bench-cluster.sh, with the settings issue 5 names,
and the scorer of both it and tk-cluster.

usage: peer-kmeans.py FILE.jsonl SEED
    TF-IDF of word 1-2-grams plus char_wb 2-5-grams (sublinear tf, min_df 2),
    the two blocks side by side and each row scaled to unit length, then
    KMeans(n_clusters=77, n_init=10, random_state=SEED) on the texts (field
    "text") of FILE; the gold labels (field "label") only score it.
    Prints one line: nmi ari fit_seconds (vectorise + fit, in the process).
usage: peer-kmeans.py --score OUT.jsonl
    Score tk-cluster's output, .cluster.id against .label.  Prints: nmi ari
usage: peer-kmeans.py --top-labels OUT.jsonl
    Per cluster id of tk-cluster's output, its most common label and that
    label's share of the cluster.  Prints lines: id size label share

NMI is sklearn.metrics.normalized_mutual_info_score (arithmetic mean, its
default), ARI adjusted_rand_score; both the peer and tk-cluster are scored by
this code.
"""
import json
import sys
import time
from collections import Counter, defaultdict


def load(path):
    texts, labels = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            texts.append(o["text"])
            labels.append(o["label"])
    return texts, labels


def score(gold, pred):
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    return normalized_mutual_info_score(gold, pred), adjusted_rand_score(gold, pred)


def tk_output(path):
    """(label, cluster id) of each line of tk-cluster's output; every line must have both."""
    pairs = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            o = json.loads(line)
            c = o.get("cluster")
            if not isinstance(c, dict) or "id" not in c or "label" not in o:
                sys.exit("peer-kmeans.py: %s:%d: no .label or .cluster.id" % (path, n))
            pairs.append((o["label"], c["id"]))
    return pairs


def fit(path, seed):
    import scipy.sparse as sp
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    texts, gold = load(path)
    t0 = time.perf_counter()
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
    x = normalize(sp.hstack([words.fit_transform(texts), chars.fit_transform(texts)]).tocsr())
    pred = KMeans(n_clusters=77, n_init=10, random_state=seed).fit_predict(x)
    secs = time.perf_counter() - t0
    nmi, ari = score(gold, pred)
    print("%.4f %.4f %.3f" % (nmi, ari, secs))


def main():
    a = sys.argv[1:]
    if len(a) == 2 and a[0] == "--score":
        pairs = tk_output(a[1])
        nmi, ari = score([p[0] for p in pairs], [p[1] for p in pairs])
        print("%.4f %.4f" % (nmi, ari))
    elif len(a) == 2 and a[0] == "--top-labels":
        by = defaultdict(Counter)
        for label, cid in tk_output(a[1]):
            by[cid][label] += 1
        for cid, cnt in by.items():
            label, n = cnt.most_common(1)[0]
            size = sum(cnt.values())
            print("%s %d %s %.2f" % (cid, size, label, n / size))
    elif len(a) == 2 and not a[0].startswith("-"):
        fit(a[0], int(a[1]))
    else:
        sys.exit(__doc__.strip())


main()

#!/usr/bin/env python3
"""The Numenta Anomaly Benchmark scorer, written from the description in
../shared/data/nab/SOURCE.md (after NAB's sweeper.py).

usage: nab-score.py NAB_DIR SCORES_DIR     score a detector
       nab-score.py --check NAB_DIR        check the normalisation against
                                           the published raw totals

NAB_DIR is ../shared/data/nab.  SCORES_DIR holds one file per series,
SCORES_DIR/<category>/<name>.jsonl, one JSON object per row of the series
in the same order, each with "score" (the anomaly score, 0..1) - what
`tk-anomaly --series --scores` writes.  Prints, per profile, the corpus
threshold that maximises the total and the normalised score, as JSON on the
last line.

Scoring, per SOURCE.md: the first min(floor(0.15 N), 750) rows of each
series are probation and not scored.  For one threshold for the whole
corpus, a row is a detection when its score reaches it.  A window's
earliest detection earns A_TP * s(y) / s(-1), y its position relative to the
window's right edge (-1 at the left edge, 0 past the right one), s(y) =
2 / (1 + e^(5y)) - 1; later detections in the window count nothing; a
window without one costs A_FN.  A detection outside every window costs
A_FP * s(y) with y its distance past the previous window's right edge in
that window's widths (-A_FP before any window).  Normalised:
100 (S - S_null) / (S_perfect - S_null).
"""
import json
import math
import os
import sys

PROFILES = {
    "standard": (1.0, 1.0, 0.11),
    "reward_low_FP_rate": (1.0, 1.0, 0.22),
    "reward_low_FN_rate": (1.0, 2.0, 0.11),
}


def sigmoid(y):
    if y > 3.0:
        return -1.0
    return 2.0 / (1.0 + math.exp(5.0 * y)) - 1.0


def series_points(timestamps, windows, a_tp, a_fp):
    """For one series: (weights of scored rows, window of each row or -1, number of windows).

    The weight of a row is what detecting it is worth: for a row in a window,
    its true-positive reward; outside, its (negative) false-positive cost."""
    n = len(timestamps)
    win = [-1] * n
    bounds = []  # (first row, last row) of each window
    for w, (start, end) in enumerate(windows):
        rows = [i for i in range(n) if start <= timestamps[i] <= end]
        if not rows:
            continue
        for i in rows:
            win[i] = len(bounds)
        bounds.append((rows[0], rows[-1]))
    weights = [0.0] * n
    max_tp = sigmoid(-1.0)
    prev = None  # (right row, width) of the last window before the row
    k = 0
    for i in range(n):
        while k < len(bounds) and bounds[k][1] < i:
            prev = (bounds[k][1], bounds[k][1] - bounds[k][0] + 1)
            k += 1
        if win[i] >= 0:
            left, right = bounds[win[i]]
            width = right - left + 1
            y = -(right - i + 1) / width
            weights[i] = sigmoid(y) * a_tp / max_tp
        elif prev is None:
            weights[i] = -1.0 * a_fp
        else:
            y = abs(prev[0] - i) / float(prev[1] - 1) if prev[1] > 1 else 3.5
            weights[i] = sigmoid(y) * a_fp
    return weights, win, len(bounds)


def best_threshold(files, a_fn):
    """files: list of (scores, weights, win, nwin) with probation removed.

    Sweep the threshold down through every distinct score; return
    (best raw total, its threshold)."""
    points = []
    total = 0.0
    for f, (scores, weights, win, nwin) in enumerate(files):
        total -= a_fn * nwin
        for s, wt, w in zip(scores, weights, win):
            points.append((s, f, w, wt))
    points.sort(key=lambda p: -p[0])
    best = {}  # (file, window) -> best reward so far
    best_total, best_t = total, 1.1
    i = 0
    while i < len(points):
        t = points[i][0]
        while i < len(points) and points[i][0] == t:
            _, f, w, wt = points[i]
            if w < 0:
                total += wt
            else:
                old = best.get((f, w))
                if old is None:
                    total += wt + a_fn
                    best[(f, w)] = wt
                elif wt > old:
                    total += wt - old
                    best[(f, w)] = wt
            i += 1
        if total > best_total:
            best_total, best_t = total, t
    return best_total, best_t


def load_series(path):
    ts = []
    with open(path) as f:
        for line in f:
            ts.append(json.loads(line)["timestamp"])
    return ts


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        nab = sys.argv[2]
        raw = json.load(open(os.path.join(nab, "scoring", "per_file_raw_scores.json")))
        final = json.load(open(os.path.join(nab, "scoring", "final_results.json")))
        windows = json.load(open(os.path.join(nab, "labels", "combined_windows.json")))
        nwin = sum(len(w) for w in windows.values())
        worst = 0.0
        for det, profiles in sorted(raw.items()):
            # SOURCE.md: the stored "random" scores come from another run than the scoreboard's.
            if det == "random":
                continue
            for prof, (a_tp, a_fn, _) in PROFILES.items():
                if prof not in profiles or det not in final or prof not in final[det]:
                    continue
                files = {k: v for k, v in profiles[prof].items() if not k.startswith("_")}
                s = sum(v["raw_score"] for v in files.values())
                null, perfect = -a_fn * nwin, a_tp * nwin
                ours = 100 * (s - null) / (perfect - null)
                worst = max(worst, abs(ours - final[det][prof]))
                print("%-18s %-19s published %7.2f  from raw totals %7.2f" % (det, prof, final[det][prof], ours))
        print("largest difference: %.4f" % worst)
        sys.exit(0 if worst < 0.01 else 1)
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    nab, scored = sys.argv[1], sys.argv[2]
    windows = json.load(open(os.path.join(nab, "labels", "combined_windows.json")))
    series = []
    for name in sorted(windows):
        base = name[:-4] + ".jsonl"
        ts = load_series(os.path.join(nab, "series", base))
        scores = []
        with open(os.path.join(scored, base)) as f:
            for line in f:
                scores.append(float(json.loads(line)["score"]))
        if len(scores) != len(ts):
            sys.exit("%s: %d scores for %d rows" % (base, len(scores), len(ts)))
        series.append((name, ts, scores))
    nwin = sum(len(w) for w in windows.values())
    result = {}
    for prof, (a_tp, a_fn, a_fp) in PROFILES.items():
        files = []
        for name, ts, scores in series:
            weights, win, nw = series_points(ts, windows[name], a_tp, a_fp)
            probation = min(int(math.floor(0.15 * len(ts))), 750)
            files.append((scores[probation:], weights[probation:], win[probation:], nw))
        raw, t = best_threshold(files, a_fn)
        null, perfect = -a_fn * nwin, a_tp * nwin
        result[prof] = {"score": round(100 * (raw - null) / (perfect - null), 2), "threshold": t, "raw": round(raw, 3)}
        print("%-19s score %6.2f at threshold %.4f (raw %.2f)" % (prof, result[prof]["score"], t, raw))
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Scores wiredup's clusters against a generated corpus's ground truth.

    score_clusters.py TRUTH.jsonl CLUSTERS.jsonl

Prints pairwise precision, recall and F1 (a pair of documents is positive when both are in one
cluster; documents in no cluster are singletons), the Adjusted Rand Index over all documents of the
truth, and recall broken down by the truth's edit level and planted kind.
"""
import collections
import json
import sys
from math import comb

LEVEL_RANK = {"none": 0, "light": 1, "medium": 2, "heavy": 3}


def pair_label(a, b):
    """A truth pair is named by its planted kind when it has one, else by its heavier edit level."""
    for doc in (a, b):
        if doc["kind"] not in ("copy", "original"):
            return doc["kind"]
    return max(a["level"], b["level"], key=LEVEL_RANK.get)


def main(truth_path, clusters_path):
    truth = {}
    with open(truth_path, encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            truth[doc["id"]] = doc
    predicted = {}
    with open(clusters_path, encoding="utf-8") as f:
        for line in f:
            cluster = json.loads(line)
            for member in cluster["members"]:
                predicted[member] = cluster["cluster_id"]
    unknown = [i for i in predicted if i not in truth]
    if unknown:
        sys.exit(f"score_clusters: {len(unknown)} clustered ids are not in the truth, e.g. {unknown[0]}")

    by_truth = collections.defaultdict(list)
    for doc_id, doc in truth.items():
        by_truth[doc["cluster"]].append(doc_id)
    found, total = collections.Counter(), collections.Counter()
    for ids in by_truth.values():
        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                label = pair_label(truth[ids[i]], truth[ids[j]])
                total[label] += 1
                if ids[i] in predicted and predicted[ids[i]] == predicted.get(ids[j]):
                    found[label] += 1

    by_predicted = collections.defaultdict(list)
    for doc_id, cluster in predicted.items():
        by_predicted[cluster].append(doc_id)
    right = claimed = 0
    for ids in by_predicted.values():
        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                claimed += 1
                right += truth[ids[i]]["cluster"] == truth[ids[j]]["cluster"]

    true_pairs = sum(total.values())
    hits = sum(found.values())
    precision = right / claimed if claimed else 1.0
    recall = hits / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    # ARI from the contingency table of (truth cluster, predicted cluster or singleton).
    cells = collections.Counter()
    for doc_id, doc in truth.items():
        cells[(doc["cluster"], predicted.get(doc_id, "single:" + doc_id))] += 1
    rows, cols = collections.Counter(), collections.Counter()
    for (t, p), n in cells.items():
        rows[t] += n
        cols[p] += n
    n = len(truth)
    index = sum(comb(v, 2) for v in cells.values())
    row_sum = sum(comb(v, 2) for v in rows.values())
    col_sum = sum(comb(v, 2) for v in cols.values())
    expected = row_sum * col_sum / comb(n, 2) if n > 1 else 0.0
    maximum = (row_sum + col_sum) / 2
    ari = (index - expected) / (maximum - expected) if maximum != expected else 1.0

    print(f"documents {n}, truth pairs {true_pairs}, predicted pairs {claimed}")
    print(f"pairwise precision {precision:.4f}  recall {recall:.4f}  F1 {f1:.4f}  ARI {ari:.4f}")
    print("recall by edit: " + "  ".join(f"{k} {found[k] / total[k]:.3f} ({found[k]}/{total[k]})"
                                          for k in sorted(total)))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])

#!/usr/bin/env python3
"""Exact all-pairs word-k-shingle Jaccard reference for a JSON Lines corpus.

    exact_pairs.py INPUT.jsonl --k 5 --threshold 0.8 [--text-field text] [--id-field id] [--unicode]

Prints TSV lines  id_a<TAB>id_b<TAB>jaccard  for every pair of documents whose shingle-set
Jaccard similarity is >= threshold. id_a comes before id_b in input order; lines are sorted by
the input position of a, then of b. The jaccard column is the float value of |A&B|/|A|B|
(shortest repr); the threshold test itself is done in exact integer/rational arithmetic.

Tokens (default): re.findall("[a-z0-9]+", text.lower()).
Tokens (--unicode): re.findall(r"\\w+", text.casefold()).
Shingles: the SET of consecutive k-token tuples. A document with fewer than k tokens has no
shingles and is skipped (counted on stderr); two such documents are never reported as a pair.

Method (exact, no shingle is ever dropped): prefix filtering (AllPairs; Bayardo et al. 2007).
Shingles are ranked by global document frequency ascending (ties by first appearance). If
J(x, y) >= t then |x & y| >= ceil(t * max(|x|, |y|)), so the first |x| - ceil(t*|x|) + 1
shingles of x's rank-ordered set must intersect the corresponding prefix of y. Documents are
processed by size ascending; each document probes an inverted index of the prefixes of the
documents already seen (with the length filter |y| >= ceil(t*|x|)), then its own prefix is
indexed. Every candidate pair is verified with an exact set intersection.

INPUT may be "-" (stdin) or end in .gz. Standard library only.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import sys
import time
from fractions import Fraction

HIST_LEVELS = ("0.5", "0.7", "0.8", "0.9", "1.0")


def ceil_frac(q: Fraction, n: int) -> int:
    """Exact ceil(q * n) for a non-negative Fraction q."""
    return -((-q.numerator * n) // q.denominator)


def open_in(path: str):
    if path == "-":
        return io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8")
    if path.endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8")
    return open(path, "r", encoding="utf-8")


def load_shingle_sets(path: str, k: int, text_field: str, id_field: str, unicode: bool):
    """Return (ids, sets, n_lines) where sets[i] is a set of shingle codes (or None if < k tokens).

    A shingle is encoded exactly (injectively) as an int: token ids are packed into k fields
    of B bits each, with 2**B > vocabulary size. Token ids are assigned on first sight, so the
    packing width is fixed after a first pass over the tokens.
    """
    tok_re = re.compile(r"\w+") if unicode else re.compile(r"[a-z0-9]+")
    ids: list[str] = []
    token_lists: list[list[int] | None] = []
    vocab: dict[str, int] = {}
    with open_in(path) as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise SystemExit(f"error: {path}:{lineno}: bad JSON: {e}")
            doc_id = obj.get(id_field)
            ids.append(str(doc_id) if doc_id is not None else str(len(ids)))
            text = obj.get(text_field) or ""
            if not isinstance(text, str):
                text = str(text)
            text = text.casefold() if unicode else text.lower()
            toks = tok_re.findall(text)
            if len(toks) < k:
                token_lists.append(None)
                continue
            setdef = vocab.setdefault
            token_lists.append([setdef(t, len(vocab)) for t in toks])

    bits = max(1, len(vocab).bit_length())
    mask = (1 << (bits * k)) - 1
    sets: list[set[int] | None] = []
    for tl in token_lists:
        if tl is None:
            sets.append(None)
            continue
        s = set()
        add = s.add
        code = 0
        # Rolling exact packing of the last k token ids.
        for i, t in enumerate(tl):
            code = ((code << bits) | t) & mask
            if i >= k - 1:
                add(code)
        sets.append(s)
    return ids, sets


def all_pairs(sets, t: Fraction, stats: dict):
    """Yield (i, j, inter, union) with i < j for every pair with Jaccard >= t (exact)."""
    # Global document frequency of each shingle.
    df: dict[int, int] = {}
    for s in sets:
        if s is None:
            continue
        for g in s:
            df[g] = df.get(g, 0) + 1
    # Rank: df ascending, ties by first appearance (dict insertion order; sort is stable).
    rank = {g: r for r, g in enumerate(sorted(df, key=df.__getitem__))}
    stats["distinct shingles"] = len(rank)
    stats["shingles with df > 200"] = sum(1 for v in df.values() if v > 200)
    del df

    docs = [i for i, s in enumerate(sets) if s is not None]
    docs.sort(key=lambda i: len(sets[i]))  # size ascending (stable => input order on ties)
    index: dict[int, list[int]] = {}
    num, den = t.numerator, t.denominator
    n_cand = 0
    for x in docs:
        sx = sets[x]
        nx = len(sx)
        # J >= t  =>  |x & y| >= ceil(t * max(|x|, |y|)) >= ceil(t * |x|)  (t > 0).
        min_overlap = ceil_frac(t, nx)
        prefix = sorted(sx, key=rank.__getitem__)[: nx - min_overlap + 1]
        # Length filter: J >= t  =>  |y| >= t * |x| (and |y| <= |x| by processing order).
        min_len = min_overlap
        cands: set[int] = set()
        for g in prefix:
            lst = index.get(g)
            if lst is None:
                index[g] = [x]
                continue
            for y in lst:
                if len(sets[y]) >= min_len:
                    cands.add(y)
            lst.append(x)
        n_cand += len(cands)
        for y in cands:
            sy = sets[y]
            inter = len(sx & sy)
            union = nx + len(sy) - inter
            if inter * den >= num * union:
                yield (x, y, inter, union) if x < y else (y, x, inter, union)
    stats["candidates verified"] = n_cand


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Exact all-pairs word-k-shingle Jaccard (prefix filtering).")
    ap.add_argument("input", help="JSON Lines file (.gz ok, '-' = stdin)")
    ap.add_argument("--k", type=int, default=5, help="shingle size in words (default 5)")
    ap.add_argument("--threshold", default="0.8",
                    help="report pairs with Jaccard >= this (exact decimal, default 0.8)")
    ap.add_argument("--text-field", default="text")
    ap.add_argument("--id-field", default="id")
    ap.add_argument("--unicode", action="store_true",
                    help=r"tokens = \w+ over str.casefold() instead of [a-z0-9]+ over str.lower()")
    args = ap.parse_args(argv)

    if args.k < 1:
        ap.error("--k must be >= 1")
    try:
        t = Fraction(args.threshold)
    except (ValueError, ZeroDivisionError):
        ap.error(f"bad --threshold {args.threshold!r}")
    if not (0 < t <= 1):
        ap.error("--threshold must be in (0, 1]")

    t0 = time.perf_counter()
    ids, sets = load_shingle_sets(args.input, args.k, args.text_field, args.id_field, args.unicode)
    t1 = time.perf_counter()

    stats: dict = {}
    pairs = list(all_pairs(sets, t, stats))
    pairs.sort()
    t2 = time.perf_counter()

    out = sys.stdout
    w = out.write
    for a, b, inter, union in pairs:
        w(f"{ids[a]}\t{ids[b]}\t{inter / union!r}\n")
    out.flush()

    n_docs = len(sets)
    n_sh = sum(1 for s in sets if s is not None)
    err = sys.stderr
    print(f"documents: {n_docs}", file=err)
    print(f"documents with shingles: {n_sh}", file=err)
    print(f"documents skipped (< {args.k} tokens): {n_docs - n_sh}", file=err)
    print(f"distinct shingles: {stats.get('distinct shingles', 0)}"
          f" (df > 200: {stats.get('shingles with df > 200', 0)})", file=err)
    print(f"candidates verified: {stats.get('candidates verified', 0)}", file=err)
    print(f"pairs found (J >= {args.threshold}): {len(pairs)}", file=err)
    if t <= Fraction(1, 2):
        for lv in HIST_LEVELS:
            q = Fraction(lv)
            c = sum(1 for _, _, i, u in pairs if i * q.denominator >= q.numerator * u)
            op = "=" if q == 1 else ">="
            print(f"  J {op} {lv}: {c}", file=err)
    print(f"time: load+shingle {t1 - t0:.1f}s, pairs {t2 - t1:.1f}s", file=err)
    return 0


if __name__ == "__main__":
    sys.exit(main())

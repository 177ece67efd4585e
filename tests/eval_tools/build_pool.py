#!/usr/bin/python3
"""Build a candidate pool for every query of corpora/eval/queries.tsv.

Methods (each gives a ranked list; the pool is the union of the top 30 of kw and exp and the top 20 of tfidf and char):
  kw    accent-folded regex match on hand-chosen stems (pool_spec.tsv col 2):
        score = sum over stems of log(1 + hits), title hits count triple;
  tfidf word uni+bigram TF-IDF cosine (sklearn) on accent-folded text, raw query;
  char  char_wb 3-5-gram TF-IDF cosine on the same text (catches plurals,
        elisions, hyphenation and light morphology), raw query;
  exp   word TF-IDF with the hand-written expansion (synonyms, paraphrases,
        English/French equivalents) of pool_spec.tsv col 3.
Writes tests/eval_tools/pools.tsv: qid, docid, methods:ranks.
Usage: build_pool.py [--depth 30]
"""
import argparse
import math
import os
import re
import sys

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

sys.path.insert(0, os.path.dirname(__file__))
from common import fold, fields, load_corpus, load_queries, load_spec  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--depth", type=int, default=30, help="depth of kw and exp lists")
ap.add_argument("--raw-depth", type=int, default=20, help="depth of the raw-query tfidf and char lists")
ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "pools.tsv"))
args = ap.parse_args()

docs = load_corpus()
queries = load_queries()
spec = load_spec()
titles = [fold(fields(d)[0]) for d in docs]
bodies = [fold(fields(d)[1]) for d in docs]
full = [t + " " + t + " " + b for t, b in zip(titles, bodies)]

word = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1,
                       token_pattern=r"(?u)\b\w[\w-]*\b")
W = word.fit_transform(full)
char = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
C = char.fit_transform(full)


def top(scores, k):
    idx = sorted(range(len(scores)), key=lambda i: -scores[i])
    return [i for i in idx[:k] if scores[i] > 0]


pools = {}
for qid, qtext in queries.items():
    stems, expansion = spec.get(qid, ([], ""))
    ranked = {}
    # kw
    kw = []
    pats = [re.compile(s) for s in stems]
    for t, b in zip(titles, bodies):
        s = 0.0
        for p in pats:
            n = len(p.findall(b)) + 3 * len(p.findall(t))
            s += math.log1p(n)
        kw.append(s)
    ranked["kw"] = top(kw, args.depth)
    q = fold(qtext)
    ranked["tfidf"] = top(linear_kernel(word.transform([q]), W)[0], args.raw_depth)
    ranked["char"] = top(linear_kernel(char.transform([q]), C)[0], args.raw_depth)
    if expansion:
        ranked["exp"] = top(linear_kernel(word.transform([fold(expansion)]), W)[0], args.depth)
    pool = {}
    for m, lst in ranked.items():
        for r, i in enumerate(lst, 1):
            pool.setdefault(docs[i]["id"], []).append(f"{m}:{r}")
    pools[qid] = pool

with open(args.out, "w", encoding="utf-8") as f:
    for qid in queries:
        for doc, ms in pools[qid].items():
            f.write(f"{qid}\t{doc}\t{','.join(ms)}\n")
sizes = [len(p) for p in pools.values()]
print(f"{len(pools)} queries, pool sizes min {min(sizes)} max {max(sizes)} "
      f"mean {sum(sizes) / len(sizes):.1f}, total {sum(sizes)}")

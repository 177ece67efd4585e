#!/usr/bin/python3
"""Counts for corpora/eval/README.md: judged and relevant pairs, per grade, per kind,
per-query relevant range. Usage: stats.py   (EVAL_ROOT selects the corpus root)"""
import collections
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import common  # noqa: E402
from common import load_corpus, load_queries  # noqa: E402

kind = {d["id"]: d["kind"] for d in load_corpus(common.ROOT)}
queries = load_queries(common.ROOT)
rows = [l.split() for l in open(os.path.join(common.ROOT, "corpora/eval/qrels.txt"))]
by_grade = collections.Counter(int(r[3]) for r in rows)
rel = [r for r in rows if int(r[3]) > 0]
per_q = collections.Counter(r[0] for r in rel)
per_q_judged = collections.Counter(r[0] for r in rows)
print(f"queries {len(queries)}; judged pairs {len(rows)}; relevant {len(rel)}; by grade "
      + ", ".join(f"{g}: {by_grade[g]}" for g in (0, 1, 2, 3)))
print("relevant by kind:", dict(collections.Counter(kind[r[2]] for r in rel)))
print("grade 3 by kind:", dict(collections.Counter(kind[r[2]] for r in rel if r[3] == "3")))
print("judged by kind:", dict(collections.Counter(kind[r[2]] for r in rows)))
n = sorted(per_q[q] for q in queries)
print(f"relevant per query: min {n[0]} median {n[len(n) // 2]} max {n[-1]}; "
      f"judged per query: min {min(per_q_judged.values())} max {max(per_q_judged.values())}")
qk = collections.Counter()
for q in queries:
    for k in {kind[r[2]] for r in rel if r[0] == q and r[3] in ("2", "3")}:
        qk[k] += 1
print("queries with a grade>=2 document of kind:", dict(qk))
for q in queries:
    g3 = sum(1 for r in rel if r[0] == q and r[3] == "3")
    print(f"  {q} rel={per_q[q]:3d} g3={g3:3d} judged={per_q_judged[q]:3d}  {queries[q]}")

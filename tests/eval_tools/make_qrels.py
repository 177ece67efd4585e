#!/usr/bin/python3
"""Write corpora/eval/qrels.txt from the judge's grades and the pools that were read.

Inputs (tests/eval_tools/):
  grades.txt     one line per query: "qid docid:grade ..." (grades 1-3, the judge's reading)
  pools-*.tsv    the pools printed by show_pool.py and read by the judge (qid, docid, methods)
Every pooled document without a grade >= 1 is written with grade 0 (judged not relevant).
Documents graded but absent from the pools (found by the judge's own targeted greps) are kept.
Checks: every docid exists in the corpus, grades in 0-3, no duplicate (qid, docid), every
query of queries.tsv has >= 1 relevant document. Exits 1 on any failure.
Usage: make_qrels.py [--check-only]     (EVAL_ROOT selects the corpus root)
"""
import glob
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import common  # noqa: E402
from common import load_corpus, load_queries  # noqa: E402

here = os.path.dirname(os.path.abspath(__file__))
root = common.ROOT
ids = {d["id"] for d in load_corpus(root)}
queries = load_queries(root)
fail = []

grades = {}
for n, line in enumerate(open(os.path.join(here, "grades.txt"), encoding="utf-8"), 1):
    if not line.strip() or line.startswith("#"):
        continue
    parts = line.split()
    qid = parts[0]
    if qid in grades:
        fail.append(f"grades.txt:{n}: second line for {qid}")
    g = grades.setdefault(qid, {})
    for item in parts[1:]:
        doc, grade = item.rsplit(":", 1)
        if grade not in ("1", "2", "3"):
            fail.append(f"grades.txt:{n}: {qid} {doc}: grade {grade}")
        if doc in g and g[doc] != int(grade):
            fail.append(f"grades.txt:{n}: {qid} {doc}: two different grades")
        g[doc] = int(grade)

pooled = {}
for path in sorted(glob.glob(os.path.join(here, "pools-*.tsv"))):
    for line in open(path, encoding="utf-8"):
        qid, doc, _ = line.rstrip("\n").split("\t")
        pooled.setdefault(qid, set()).add(doc)

rows = []
dropped = 0
for qid in queries:
    judged = {}
    for doc in pooled.get(qid, ()):
        judged[doc] = 0
    for doc, gr in grades.get(qid, {}).items():
        judged[doc] = gr
    for doc in sorted(judged, key=lambda d: (-judged[d], d)):
        if doc not in ids:
            if judged[doc] > 0:
                fail.append(f"{qid}: graded document {doc} not in corpus")
            else:
                dropped += 1
            continue
        rows.append((qid, doc, judged[doc]))
    if not any(gr > 0 for q, d, gr in rows if q == qid):
        fail.append(f"{qid}: no relevant document")
for qid in grades:
    if qid not in queries:
        fail.append(f"grades for unknown query {qid}")

if "--check-only" not in sys.argv and not fail:
    with open(os.path.join(root, "corpora/eval/qrels.txt"), "w", encoding="utf-8") as f:
        for qid, doc, gr in rows:
            f.write(f"{qid} 0 {doc} {gr}\n")
rel = sum(1 for r in rows if r[2] > 0)
print(f"{len(queries)} queries, {len(rows)} judged pairs, {rel} relevant (grade >= 1), "
      f"{dropped} pooled ids no longer in the corpus skipped")
for f in fail:
    print("FAIL:", f)
sys.exit(1 if fail else 0)

#!/usr/bin/python3
"""Print a query's pooled documents for reading: id, kind, date, title,
list fields, and the sentences that hold the query's stems (plus the first one).
Usage: show_pool.py QID [--full ID ...]   (--full prints whole records)
"""
import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from common import SENT_SPLIT, fold, load_corpus, load_queries, load_spec  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("qid", nargs="?")
ap.add_argument("--full", nargs="*")
ap.add_argument("--maxsent", type=int, default=2)
args = ap.parse_args()
docs = {d["id"]: d for d in load_corpus()}
if args.full:
    for i in args.full:
        d = docs[i]
        print("##", i, d["kind"], d["date"], "|", d["title"])
        for k in ("skills", "themes", "funder", "programme", "clusters", "source"):
            if k in d:
                print("  ", k, ":", d[k])
        print(d["text"], "\n")
    sys.exit(0)
queries = load_queries()
stems, _ = load_spec().get(args.qid, ([], ""))
pats = [re.compile(s) for s in stems]
pool = []
with open(os.environ.get("EVAL_POOLS") or os.path.join(os.path.dirname(__file__), "pools.tsv"), encoding="utf-8") as f:
    for line in f:
        qid, doc, ms = line.rstrip("\n").split("\t")
        if qid == args.qid:
            best = min(int(m.split(":")[1]) for m in ms.split(","))
            pool.append((best, doc, ms))
pool.sort(key=lambda x: (x[1][:2], x[0]))
print(f"# {args.qid}: {queries[args.qid]}  ({len(pool)} pooled)")
for best, doc, ms in sorted(pool, key=lambda x: (docs[x[1]]["kind"], x[0])):
    d = docs[doc]
    lst = d.get("skills") or d.get("themes") or d.get("sectors") or []
    print(f"- {doc} [{d['kind']} {d['date']}] {d['title']}  <{ms}>")
    if lst:
        print("    L:", "; ".join(lst))
    sents = [s for s in SENT_SPLIT.split(d["text"]) if s.strip()]
    shown = [sents[0]] if sents else []
    for s in sents[1:]:
        if len(shown) >= args.maxsent:
            break
        if any(p.search(fold(s)) for p in pats):
            shown.append(s)
    for s in shown:
        print("    >", s.strip()[:200])

#!/usr/bin/python3
"""Print a query's pooled documents for reading: id, kind, date, title, the list
field (skills/themes/sectors) and the sentence that holds most of the query's stems
(the first sentence when none does).
Usage: show_pool.py QID [--skip FILE...]   docs already judged in FILE pools are skipped
       show_pool.py --full ID ...           print whole records
Environment: EVAL_ROOT (corpus root), EVAL_POOLS (pools file, default pools.tsv here).
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
ap.add_argument("--skip", nargs="*", default=[])
ap.add_argument("--width", type=int, default=150)
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


def read_pool(path, qid):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            q, doc, ms = line.rstrip("\n").split("\t")
            if q == qid:
                out.append((doc, ms))
    return out


skip = set()
for p in args.skip:
    skip |= {d for d, _ in read_pool(p, args.qid)}
queries = load_queries()
stems, _ = load_spec().get(args.qid, ([], ""))
pats = [re.compile(s) for s in stems]
pool = [(d, ms) for d, ms in read_pool(
    os.environ.get("EVAL_POOLS") or os.path.join(os.path.dirname(__file__), "pools.tsv"),
    args.qid) if d not in skip and d in docs]
print(f"# {args.qid}: {queries[args.qid]}  ({len(pool)} to read)")
W = args.width
for doc, ms in sorted(pool, key=lambda x: (docs[x[0]]["kind"], x[0])):
    d = docs[doc]
    lst = d.get("skills") or d.get("themes") or d.get("sectors") or []
    sents = [s.strip() for s in SENT_SPLIT.split(d["text"]) if len(s.strip()) > 25]
    best, bs = sents[0] if sents else "", 0
    for s in sents:
        n = sum(1 for p in pats if p.search(fold(s)))
        if n > bs:
            best, bs = s, n
    line = f"{doc} | {d['title'][:110]}"
    if lst:
        line += " | L: " + "; ".join(lst)[:120]
    print(line)
    print("    > " + best[:W])

#!/usr/bin/env python3
"""Checks the bundled corpus: schema, counts and ground truth (issue 3).

Usage: check_corpus.py REPO_ROOT
Every record of corpora/occitanie/*.jsonl must validate against
corpora/record.schema.json; counts, dates, links and the evaluation files under
corpora/eval/ must hold what corpora/README.md promises. Prints one line per
failed check and exits 1 if any failed.
"""
import collections
import datetime
import glob
import json
import os
import sys

import jsonschema

root = sys.argv[1]
failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)


schema = json.load(open(os.path.join(root, "corpora/record.schema.json"), encoding="utf-8"))
validator = jsonschema.Draft202012Validator(schema)

records = []
for path in sorted(glob.glob(os.path.join(root, "corpora/occitanie/*.jsonl"))):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            for err in validator.iter_errors(rec):
                failures.append(f"{os.path.relpath(path, root)}:{n}: {err.message}")
            for key in ("date", "opens", "deadline"):
                if key in rec:
                    try:
                        datetime.date.fromisoformat(rec[key])
                    except ValueError:
                        failures.append(f"{path}:{n}: field {key}: not a real date")
            records.append(rec)

by_kind = collections.defaultdict(list)
for r in records:
    by_kind[r["kind"]].append(r)
ids = [r["id"] for r in records]
dupes = [i for i, c in collections.Counter(ids).items() if c > 1]
check(not dupes, f"duplicate ids: {dupes[:5]}")
ids = set(ids)
cluster_ids = {r["id"] for r in by_kind["cluster"]}

check(len(by_kind["cluster"]) >= 15, f"clusters: {len(by_kind['cluster'])} < 15")
check(len(by_kind["member"]) >= 300, f"members: {len(by_kind['member'])} < 300")
check(len(by_kind["call"]) >= 60, f"calls: {len(by_kind['call'])} < 60")
check(len(by_kind["news"]) >= 500, f"news: {len(by_kind['news'])} < 500")

for m in by_kind["member"]:
    words = len(m.get("text", "").split())
    check(60 <= words <= 150, f"member {m['id']}: {words} words, expected 60-150")
    check(1 <= len(m.get("clusters", [])) <= 2, f"member {m['id']}: needs one or two clusters")
    for c in m.get("clusters", []):
        check(c in cluster_ids, f"member {m['id']}: unknown cluster {c}")
    for key in ("skills", "size", "city"):
        check(key in m, f"member {m['id']}: no {key}")

calls = by_kind["call"]
english = [c for c in calls if c.get("lang") == "en"]
check(len(english) >= 8, f"English calls: {len(english)} < 8")
funders = {c.get("funder", "") for c in calls}
for needed in ("Région Occitanie", "ADEME", "Bpifrance"):
    check(any(needed in f for f in funders), f"no call funded by {needed}")
check(any("Horizon Europe" in c.get("programme", "") for c in calls), "no Horizon Europe call")
for c in calls:
    for key in ("funder", "programme", "opens", "deadline", "budget_eur", "themes"):
        check(key in c, f"call {c['id']}: no {key}")
    if "opens" in c and "deadline" in c:
        check(c["opens"] <= c["deadline"], f"call {c['id']}: opens after its deadline")
years = {c["deadline"][:4] for c in calls if "deadline" in c}
check({"2025", "2026", "2027"} <= years, f"call deadlines span {sorted(years)}, expected 2025-2027")

news_dates = sorted(n["date"] for n in by_kind["news"])
check(news_dates and news_dates[0] >= "2025-06-01" and news_dates[-1] <= "2026-11-30",
      f"news dates {news_dates[:1]}..{news_dates[-1:]} outside 2025-06..2026-11")
months = {d[:7] for d in news_dates}
check(len(months) >= 18, f"news cover {len(months)} months, expected 18")
check(len({n.get('source') for n in by_kind['news']}) >= 4, "news come from fewer than 4 sources")

# Ground truth.
evald = os.path.join(root, "corpora/eval")
pairs = []
for path in glob.glob(os.path.join(evald, "near-duplicates*.tsv")):
    for line in open(path, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            a, b = line.split("\t")[:2]
            pairs.append((a.strip(), b.strip()))
check(len(pairs) >= 8, f"near-duplicate pairs: {len(pairs)} < 8")
for a, b in pairs:
    check(a in ids and b in ids, f"near-duplicate pair {a} {b}: unknown id")

transverse = 0
consortium = 0
call_ids = {c["id"] for c in calls}
for line in open(os.path.join(evald, "consortium.tsv"), encoding="utf-8"):
    if not line.strip() or line.startswith("#"):
        continue
    cols = line.rstrip("\n").split("\t")
    consortium += 1
    check(cols[0] in call_ids, f"consortium.tsv: unknown call {cols[0]}")
    needed = [c.strip() for c in cols[1].split(",") if c.strip()]
    for c in needed:
        check(c in cluster_ids, f"consortium.tsv: {cols[0]}: unknown cluster {c}")
    check(2 <= len(needed) <= 4, f"consortium.tsv: {cols[0]}: {len(needed)} clusters, expected 2-4")
    transverse += len(needed) >= 2
check(consortium >= 30, f"consortium.tsv: {consortium} calls < 30")
check(transverse * 2 >= len(calls),
      f"transverse calls judged: {transverse}, expected at least half of {len(calls)}")

queries = {}
qpath = os.path.join(evald, "queries.tsv")
if os.path.exists(qpath):
    for line in open(qpath, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            qid, text = line.rstrip("\n").split("\t", 1)
            queries[qid] = text
check(len(queries) >= 50, f"queries.tsv: {len(queries)} queries < 50")
judged = collections.defaultdict(int)
qrels = os.path.join(evald, "qrels.txt")
if os.path.exists(qrels):
    for line in open(qrels, encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        qid, _, doc, grade = line.split()
        check(qid in queries, f"qrels: unknown query {qid}")
        check(doc in ids, f"qrels: {qid}: unknown document {doc}")
        check(grade in ("0", "1", "2", "3"), f"qrels: {qid} {doc}: grade {grade} not in 0-3")
        judged[qid] += grade != "0"
for qid in queries:
    check(judged[qid] >= 1, f"qrels: query {qid} has no relevant document")

print(f"corpus: {len(records)} records: " +
      ", ".join(f"{k} {len(v)}" for k, v in sorted(by_kind.items())) +
      f"; {len(english)} English calls; {transverse} transverse calls judged; "
      f"{len(pairs)} near-duplicate pairs; {len(queries)} queries")
for f in failures[:50]:
    print("FAIL:", f)
if len(failures) > 50:
    print(f"... and {len(failures) - 50} more")
sys.exit(1 if failures else 0)

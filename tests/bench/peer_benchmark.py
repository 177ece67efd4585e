#!/usr/bin/env python3
"""Peer benchmark of `meute search` (issue 5 item 7), run by hand, not in CI.

On a generated corpus (default 100,000 records, `meute gen`) and 200 generated queries, measures
for meute, SQLite FTS5 (unicode61 remove_diacritics 2) and a bare Xapian program (TermGenerator +
QueryParser, French stemmer, no extra analysis):
  - index time (from the JSON Lines file to a committed index);
  - warm query latency, p50 and p99, in process (top 10; meute includes its snippets);
  - cold-start time of one query from a new process (median of 20 queries).
Then, on the bundled corpus and its ground truth (topics and TREC qrels), nDCG@10, MRR, recall@10
and P@5 of the three, computed by this script with the formulas of `meute eval`.

Usage (from the repository root, after building with -DMEUTE_BUILD_BENCHMARKS=ON):
  python3 tests/bench/peer_benchmark.py --build build --work /tmp/meute-bench \
      --queries-gt corpora/eval/search-queries.tsv --qrels-gt corpora/eval/search-qrels.txt

Writes a JSON summary (--out) and prints a Markdown table for doc/search-benchmark.md.
"""

import argparse
import json
import math
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time

WORD = re.compile(r"\w+", re.UNICODE)


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def timed(cmd, **kw):
    start = time.perf_counter()
    p = sh(cmd, **kw)
    return time.perf_counter() - start, p


def percentile(values, p):
    values = sorted(values)
    if not values:
        return 0.0
    return values[min(len(values) - 1, int(p * (len(values) - 1) + 0.5))]


def load_stopwords(data_dir):
    path = os.path.join(data_dir or "", "french-stopwords", "snowball-stop-fr.words.txt")
    if not os.path.exists(path):
        return None, set()
    with open(path, encoding="utf-8") as f:
        words = {l.split("|")[0].strip() for l in f if l.strip() and not l.startswith("|")}
    return path, words


def make_queries(corpus, n, seed, stopwords, out):
    """`n` queries of 1 to 3 words taken from the titles of random records."""
    rng = random.Random(seed)
    titles = []
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            titles.append(r["title"])
    queries = []
    while len(queries) < n:
        words = [w for w in WORD.findall(rng.choice(titles))
                 if len(w) >= 4 and not w.isdigit() and w.lower() not in stopwords]
        if not words:
            continue
        k = min(len(words), rng.choice([1, 1, 2, 2, 3]))
        start = rng.randrange(len(words) - k + 1)
        queries.append(" ".join(words[start:start + k]).lower())
    with open(out, "w", encoding="utf-8") as f:
        for i, q in enumerate(queries):
            f.write(f"G{i:03d}\t{q}\n")
    return queries


def read_topics(path):
    topics = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\r\n")
            if not line or line.startswith("#") or "\t" not in line:
                continue
            qid, query = line.split("\t", 1)
            topics.append((qid.strip(), query.strip()))
    return topics


def read_qrels(path):
    qrels = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) != 4 or line.lstrip().startswith("#"):
                continue
            qrels.setdefault(parts[0], {})[parts[2]] = int(parts[3])
    return qrels


def read_run(path):
    run = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            qid, _, doc, rank = line.split()[:4]
            run.setdefault(qid, []).append((int(rank), doc))
    return {q: [d for _, d in sorted(v)] for q, v in run.items()}


def metrics(ranked, judged):
    """The formulas of index/eval.cc."""
    relevant = [g for g in judged.values() if g > 0]
    ideal = sorted(relevant, reverse=True)
    seen, dcg, rel10, rel5, mrr, rank = set(), 0.0, 0, 0, 0.0, 0
    for doc in ranked:
        if doc in seen:
            continue
        seen.add(doc)
        rank += 1
        g = max(0, judged.get(doc, 0))
        if rank <= 10:
            dcg += g / math.log2(rank + 1)
            rel10 += g > 0
        if rank <= 5 and g > 0:
            rel5 += 1
        if g > 0 and mrr == 0:
            mrr = 1 / rank
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal[:10]))
    return {"ndcg@10": dcg / idcg if idcg else 0.0, "mrr": mrr,
            "recall@10": rel10 / len(relevant) if relevant else 0.0, "p@5": rel5 / 5}


def evaluate(run, topics, qrels):
    rows = [metrics(run.get(q, []), qrels[q]) for q, _ in topics
            if any(g > 0 for g in qrels.get(q, {}).values())]
    return {k: statistics.mean(r[k] for r in rows) for k in rows[0]} if rows else {}, len(rows)


# --- FTS5 ---------------------------------------------------------------------------------

def fts5_match(query, op):
    words = WORD.findall(query)
    return f" {op} ".join('"' + w.replace('"', '""') + '"' for w in words)


def fts5_index(db, corpora):
    if os.path.exists(db):
        os.remove(db)
    start = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, text, "
                "tokenize = 'unicode61 remove_diacritics 2')")
    for path in corpora:
        with open(path, encoding="utf-8") as f:
            rows = ((r["id"], r.get("title", ""), r.get("text", ""))
                    for r in (json.loads(l) for l in f if l.strip()))
            con.executemany("INSERT INTO docs VALUES (?, ?, ?)", rows)
    con.commit()
    con.close()
    return time.perf_counter() - start


def fts5_search(db, topics, repeat, limit, op, run_path=None):
    con = sqlite3.connect(db)
    sql = "SELECT id FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?"
    micros, cpu_micros, run = [], [], []
    for rep in range(repeat + 1):
        for qid, q in topics:
            match = fts5_match(q, op)
            cpu_start = time.thread_time()
            start = time.perf_counter()
            ids = [r[0] for r in con.execute(sql, (match, limit))] if match else []
            us = (time.perf_counter() - start) * 1e6
            cpu_us = (time.thread_time() - cpu_start) * 1e6
            if rep == 0:
                run.extend(f"{qid} Q0 {d} {i + 1} 0 fts5\n" for i, d in enumerate(ids))
            else:
                micros.append(us)
                cpu_micros.append(cpu_us)
    con.close()
    if run_path:
        with open(run_path, "w", encoding="utf-8") as f:
            f.writelines(run)
    return {"p50_us": percentile(micros, 0.5), "p99_us": percentile(micros, 0.99),
            "cpu_p50_us": percentile(cpu_micros, 0.5), "cpu_p99_us": percentile(cpu_micros, 0.99)}


def fts5_cold(db, queries):
    sqlite = shutil.which("sqlite3")
    if not sqlite:
        return None
    times = []
    for q in queries:
        match = fts5_match(q, "AND").replace("'", "''")
        sql = f"SELECT id FROM docs WHERE docs MATCH '{match}' ORDER BY rank LIMIT 10;"
        t, _ = timed([sqlite, db, sql])
        times.append(t * 1000)
    return statistics.median(times)


# --- main ---------------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build", help="build directory (benchmarks ON)")
    ap.add_argument("--work", default="/tmp/meute-bench", help="scratch directory")
    ap.add_argument("--docs", type=int, default=100000)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=5, help="timed passes over the queries")
    ap.add_argument("--cold", type=int, default=20, help="cold-start runs")
    ap.add_argument("--source", default=".", help="repository root")
    ap.add_argument("--data-dir", default=os.environ.get("MEUTE_DATA_DIR", ""),
                    help="shared data (French stop list for the bare Xapian peer)")
    ap.add_argument("--queries-gt", help="ground-truth topics (qid<TAB>query)")
    ap.add_argument("--qrels-gt", help="ground-truth TREC qrels")
    ap.add_argument("--skip-speed", action="store_true", help="only the quality comparison")
    ap.add_argument("--reuse-indexes", action="store_true",
                    help="keep the indexes of an earlier run in --work (index times: n/a)")
    ap.add_argument("--out", help="write the JSON summary here")
    args = ap.parse_args()

    meute = os.path.join(args.build, "tools", "meute")
    bench = os.path.join(args.build, "tests", "bench", "meute_bench_search")
    bare = os.path.join(args.build, "tests", "bench", "meute_bench_bare_xapian")
    for exe in (meute, bench, bare):
        if not os.access(exe, os.X_OK):
            sys.exit(f"{exe} is missing: configure with -DMEUTE_BUILD_BENCHMARKS=ON and build "
                     "meute meute_bench_search meute_bench_bare_xapian")
    os.makedirs(args.work, exist_ok=True)
    stop_path, stopwords = load_stopwords(args.data_dir)
    stop_args = ["--stopwords", stop_path] if stop_path else []
    summary = {"docs": args.docs, "queries": args.queries, "seed": args.seed,
               "repeat": args.repeat}

    if not args.skip_speed:
        corpus = os.path.join(args.work, f"gen-{args.docs}-{args.seed}.jsonl")
        if not os.path.exists(corpus):
            print(f"generating {args.docs} records...", file=sys.stderr)
            sh([meute, "gen", "--docs", str(args.docs), "--seed", str(args.seed), "--out", corpus,
                "--corpus", os.path.join(args.source, "corpora", "occitanie")])
        queries_path = os.path.join(args.work, "queries.tsv")
        queries = make_queries(corpus, args.queries, args.seed, stopwords, queries_path)
        topics = read_topics(queries_path)
        rng = random.Random(args.seed + 1)
        cold_queries = rng.sample(queries, min(args.cold, len(queries)))

        print("meute: indexing...", file=sys.stderr)
        mdb = os.path.join(args.work, "meute.db")
        m = {"index_s": None}
        if not (args.reuse_indexes and os.path.isdir(mdb)):
            shutil.rmtree(mdb, ignore_errors=True)
            m["index_s"] = timed([meute, "index", "-q", "--db", mdb, corpus])[0]
        m.update(json.loads(sh([bench, "--db", mdb, "--queries", queries_path, "--repeat",
                                str(args.repeat)]).stdout))
        m["no_snippets"] = json.loads(sh([bench, "--db", mdb, "--queries", queries_path,
                                          "--repeat", str(args.repeat), "--no-snippets"]).stdout)
        cold = [timed([meute, "search", "--db", mdb, "--limit", "10", *q.split()])[0] * 1000
                for q in cold_queries]
        m["cold_ms"] = statistics.median(cold)
        summary["meute"] = m

        print("bare Xapian: indexing...", file=sys.stderr)
        bdb = os.path.join(args.work, "bare.db")
        b = {"index_s": None}
        if not (args.reuse_indexes and os.path.isdir(bdb)):
            shutil.rmtree(bdb, ignore_errors=True)
            b["index_s"] = timed([bare, "index", "--db", bdb, *stop_args, corpus])[0]
        b.update(json.loads(sh([bare, "search", "--db", bdb, "--queries", queries_path,
                                "--repeat", str(args.repeat), *stop_args]).stdout))
        cold = [timed([bare, "query", "--db", bdb, *stop_args, *q.split()])[0] * 1000
                for q in cold_queries]
        b["cold_ms"] = statistics.median(cold)
        summary["bare_xapian"] = b

        print("FTS5: indexing...", file=sys.stderr)
        fdb = os.path.join(args.work, "fts5.sqlite")
        f = {"index_s": None}
        if not (args.reuse_indexes and os.path.exists(fdb)):
            f["index_s"] = fts5_index(fdb, [corpus])
        f.update(fts5_search(fdb, topics, args.repeat, 10, "AND"))
        f["cold_ms"] = fts5_cold(fdb, cold_queries)
        summary["fts5"] = f

    if args.queries_gt and args.qrels_gt:
        print("quality on the ground truth...", file=sys.stderr)
        corpus_dir = os.path.join(args.source, "corpora", "occitanie")
        files = sorted(os.path.join(corpus_dir, n) for n in os.listdir(corpus_dir)
                       if n.endswith(".jsonl"))
        topics = read_topics(args.queries_gt)
        qrels = read_qrels(args.qrels_gt)
        quality = {}
        mdb = os.path.join(args.work, "gt-meute.db")
        shutil.rmtree(mdb, ignore_errors=True)
        sh([meute, "index", "-q", "--db", mdb, corpus_dir])
        run = os.path.join(args.work, "run-meute.txt")
        sh([bench, "--db", mdb, "--queries", args.queries_gt, "--repeat", "0", "--limit", "100",
            "--run", run, "--no-snippets"])
        quality["meute"] = evaluate(read_run(run), topics, qrels)
        bdb = os.path.join(args.work, "gt-bare.db")
        sh([bare, "index", "--db", bdb, *stop_args, *files])
        for op in ("and", "or"):
            run = os.path.join(args.work, f"run-bare-{op}.txt")
            sh([bare, "search", "--db", bdb, "--queries", args.queries_gt, "--repeat", "0",
                "--limit", "100", "--op", op, "--run", run, *stop_args])
            quality[f"bare_xapian_{op}"] = evaluate(read_run(run), topics, qrels)
        fdb = os.path.join(args.work, "gt-fts5.sqlite")
        fts5_index(fdb, files)
        for op in ("AND", "OR"):
            run = os.path.join(args.work, f"run-fts5-{op.lower()}.txt")
            fts5_search(fdb, topics, 0, 100, op, run)
            quality[f"fts5_{op.lower()}"] = evaluate(read_run(run), topics, qrels)
        summary["quality"] = {k: {"metrics": v[0], "queries": v[1]} for k, v in quality.items()}

    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            json.dump(summary, fh, indent=2)
    print(json.dumps(summary, indent=2))
    if "meute" in summary:
        print("\n| engine | index time | warm p50 | warm p99 | warm p50 CPU | warm p99 CPU "
              "| cold start |")
        print("|---|---|---|---|---|---|---|")
        for name, key in (("meute", "meute"), ("SQLite FTS5", "fts5"),
                          ("bare Xapian", "bare_xapian")):
            r = summary[key]
            cold = f"{r['cold_ms']:.1f} ms" if r.get("cold_ms") is not None else "n/a"
            index = f"{r['index_s']:.1f} s" if r.get("index_s") is not None else "n/a"
            print(f"| {name} | {index} | {r['p50_us'] / 1000:.3f} ms | "
                  f"{r['p99_us'] / 1000:.3f} ms | {r['cpu_p50_us'] / 1000:.3f} ms | "
                  f"{r['cpu_p99_us'] / 1000:.3f} ms | {cold} |")
    if "quality" in summary:
        print("\n| engine | nDCG@10 | MRR | recall@10 | P@5 | queries |")
        print("|---|---|---|---|---|---|")
        for name, r in summary["quality"].items():
            m = r["metrics"]
            if m:
                print(f"| {name} | {m['ndcg@10']:.3f} | {m['mrr']:.3f} | {m['recall@10']:.3f} | "
                      f"{m['p@5']:.3f} | {r['queries']} |")


if __name__ == "__main__":
    main()

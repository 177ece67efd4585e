"""Shared helpers for the ground-truth tools (pooling and judging aids).

These tools only help a human judge: they build candidate pools and print
documents; the grades in corpora/eval/qrels.txt are the judge's reading.
They are independent of Meute's engine on purpose.
"""
import glob
import json
import os
import re
import unicodedata

ROOT = os.environ.get("EVAL_ROOT") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def fold(s):
    """Lower-case, strip accents, unify apostrophes and ligatures."""
    s = s.replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    s = s.replace("’", "'").replace("ʼ", "'").replace("\u00a0", " ").replace("\u202f", " ")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.lower()


def load_corpus(root=ROOT):
    docs = []
    for path in sorted(glob.glob(os.path.join(root, "corpora/occitanie/*.jsonl"))):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    docs.append(json.loads(line))
    return docs


def fields(d):
    """Searchable text of a record: title, text and the list/metadata fields."""
    extra = []
    for k in ("name", "organisation", "funder", "programme", "city", "source"):
        if isinstance(d.get(k), str):
            extra.append(d[k])
    for k in ("skills", "themes", "sectors", "clusters"):
        if isinstance(d.get(k), list):
            extra.append(" ; ".join(d[k]))
    return d.get("title", ""), d.get("text", "") + "\n" + " ; ".join(extra)


def load_queries(root=ROOT):
    q = {}
    with open(os.path.join(root, "corpora/eval/queries.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                qid, text = line.rstrip("\n").split("\t", 1)
                q[qid] = text
    return q


def load_spec(root=ROOT):
    """pool_spec.tsv: qid, stems (regexes on folded text, ' | '-separated), expansion text."""
    spec = {}
    with open(os.path.join(os.path.dirname(__file__), "pool_spec.tsv"), encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            qid = cols[0]
            stems = [s.strip() for s in cols[1].split(" | ") if s.strip()]
            expansion = cols[2] if len(cols) > 2 else ""
            spec[qid] = (stems, expansion)
    return spec


SENT_SPLIT = re.compile(r"(?<=[.!?;:])\s+|\n+")

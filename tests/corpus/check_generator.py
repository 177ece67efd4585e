#!/usr/bin/env python3
"""`meute gen` on the bundled corpus: same seed, same bytes; every record valid.

Usage: check_generator.py MEUTE_BINARY REPO_ROOT WORK_DIR
"""
import hashlib
import json
import os
import re
import subprocess
import sys

import jsonschema

meute, root, work = sys.argv[1:4]
os.makedirs(work, exist_ok=True)
digests = []
for run in ("a", "b"):
    out = os.path.join(work, run + ".jsonl")
    subprocess.run([meute, "gen", "--docs", "3000", "--seed", "11", "--out", out], check=True)
    digests.append(hashlib.sha256(open(out, "rb").read()).hexdigest())
assert digests[0] == digests[1], "same seed gave different output"
other = os.path.join(work, "c.jsonl")
subprocess.run([meute, "gen", "--docs", "3000", "--seed", "12", "--out", other], check=True)
assert hashlib.sha256(open(other, "rb").read()).hexdigest() != digests[0], "seed ignored"

schema = json.load(open(os.path.join(root, "corpora/record.schema.json"), encoding="utf-8"))
validator = jsonschema.Draft202012Validator(schema)
kinds = {}
with open(os.path.join(work, "a.jsonl"), encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        rec = json.loads(line)
        errors = list(validator.iter_errors(rec))
        assert not errors, f"a.jsonl:{n}: {errors[0].message}"
        words = len(re.split(r"[ \t\n]+", rec["text"].strip()))  # Chunks between ASCII spaces.
        assert 150 <= words <= 800, f"a.jsonl:{n}: {words} words"
        kinds[rec["kind"]] = kinds.get(rec["kind"], 0) + 1
assert sum(kinds.values()) == 3000, kinds
assert set(kinds) == {"cluster", "member", "call", "news"}, kinds
print("generator ok:", kinds)

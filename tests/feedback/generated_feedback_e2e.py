#!/usr/bin/env python3
"""Feedback simulation on a generated corpus, end to end on the real binary.

Usage: generated_feedback_e2e.py --meute BIN --work WORK_DIR [--docs N] [--seed S]

`meute gen --truth` writes a small corpus and the clusters each call was
written from; `meute index`, `meute model build` and `meute eval-feedback`
run on it. Asserts that eval-feedback exits 0 (its control cluster's lists
are those without feedback), that feedback's last-week precision@5 is at
least that without feedback for partners and for calls, with filtering only
and with Rocchio, and strictly higher for at least one of them. Only the
Python standard library is used.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def run(args):
    proc = subprocess.run(args, capture_output=True, text=True)
    if proc.returncode != 0:
        fail("%s exited %d\nstdout: %s\nstderr: %s" %
             (" ".join(args), proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:]))
    return proc


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--meute", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--docs", default="1500")
    parser.add_argument("--seed", default="3")
    ns = parser.parse_args()
    shutil.rmtree(ns.work, ignore_errors=True)
    os.makedirs(ns.work)
    corpus = os.path.join(ns.work, "gen.jsonl")
    truth = os.path.join(ns.work, "truth.tsv")
    db = os.path.join(ns.work, "db")
    run([ns.meute, "gen", "--docs", ns.docs, "--seed", ns.seed, "--out", corpus, "--truth", truth])
    with open(truth, encoding="utf-8") as f:
        calls = [l for l in f if l.strip() and not l.startswith("#")]
    if len(calls) < 50:
        fail("only %d judged calls in %s" % (len(calls), truth))
    run([ns.meute, "index", "--db", db, corpus])
    run([ns.meute, "model", "build", "--db", db, "--quiet"])
    out = run([ns.meute, "eval-feedback", "--db", db, "--truth", truth, "--as-of", "2026-11-23",
               "--weeks", "4"]).stdout
    print(out, end="")
    if "identical to those" not in out:
        fail("control cluster changed:\n" + out)
    header = re.search(r"(\d+) clusters judged on partners, (\d+) on calls", out)
    if not header or int(header.group(1)) < 5 or int(header.group(2)) < 5:
        fail("too few clusters judged:\n" + out)
    weeks = [list(map(float, l.split()[1:])) for l in out.splitlines()
             if re.match(r"^\s*\d+\s+[0-9.]+", l)]
    if len(weeks) != 4 or any(len(w) != 6 for w in weeks):
        fail("unexpected table:\n" + out)
    p_none, p_filter, p_rocchio, c_none, c_filter, c_rocchio = weeks[-1]
    for name, got, base in (("partners, filter", p_filter, p_none),
                            ("partners, Rocchio", p_rocchio, p_none),
                            ("calls, filter", c_filter, c_none),
                            ("calls, Rocchio", c_rocchio, c_none)):
        if got < base:
            fail("%s: last-week P@5 %.3f below no feedback's %.3f" % (name, got, base))
    if not (p_rocchio > p_none or c_rocchio > c_none):
        fail("feedback improved neither partners nor calls:\n" + out)
    print("generated feedback e2e: ok")


if __name__ == "__main__":
    main()

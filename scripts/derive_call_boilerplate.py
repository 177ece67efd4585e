#!/usr/bin/env python3
"""Derives the call boilerplate list (corpora/glossary/call-boilerplate.txt)
from many real calls: the 274 aids of aides-territoires' periurban export
(shared data, aides-appels-a-projets/, Licence Ouverte / Etalab 2.0).

A word is boilerplate when it is in at least --min-share of the aids' names and
descriptions (the wording every call shares: "projet", "accompagnement",
"collectivités"), or names a type of aid that at least 5 % of them are ("subvention",
"ingénierie") or a
call ("AAP", "AMI"). Words of fewer than 4 letters are left to the analyzer's
stop lists. Only the word list is written, never the aids' text.

  scripts/derive_call_boilerplate.py DATA_DIR > corpora/glossary/call-boilerplate.txt
"""
import argparse
import collections
import csv
import os
import re
import sys

WORD = re.compile(r"[a-zàâäçéèêëîïôöùûüœ]+(?:-[a-zàâäçéèêëîïôöùûüœ]+)*")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", help="shared data folder (holds aides-appels-a-projets/)")
    parser.add_argument("--min-share", type=float, default=0.2)
    args = parser.parse_args()
    path = os.path.join(args.data, "aides-appels-a-projets", "aides-territoires_periurbain.csv")
    with open(path, encoding="utf-8", newline="") as f:
        aids = list(csv.DictReader(f))
    df = collections.Counter()
    kinds = collections.Counter()
    for aid in aids:
        df.update(set(WORD.findall((aid["Nom"] + " " + aid["Descriptif"]).lower())))
        kinds.update(k for k in aid["Types d'aides"].split(";") if k)
    words = {w for w, c in df.items() if c >= args.min_share * len(aids) and len(w) >= 4}
    # The words of the aid types at least 5 % of the aids have ("Subvention",
    # "Ingénierie financière"; not a rare one such as "Certificat d'économie
    # d'énergie", whose words are subjects).
    for kind, count in kinds.items():
        if count >= 0.05 * len(aids):
            words.update(w for w in WORD.findall(kind.lower()) if len(w) >= 4)
    words |= {"aap", "ami"}  # The export's own column "AAP/AMI" names the two kinds of call.
    print("# Call boilerplate: words every call writes, never shown as a call's need.")
    print("# Derived by scripts/derive_call_boilerplate.py (--min-share %.2f) from the %d aids"
          % (args.min_share, len(aids)))
    print("# of aides-territoires' periurban export (Licence Ouverte / Etalab 2.0).")
    for w in sorted(words):
        print(w)


if __name__ == "__main__":
    sys.exit(main())

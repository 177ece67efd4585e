#!/usr/bin/env python3
"""`meute nightly` and per-file errors (issue 17, item 1): a source file a
reader cannot read, or reads only in part, is named in the run report and on
stderr, counted in `files_unreadable`, and gives exit 3 as `meute index` does;
the other files are still indexed, and the records the broken file held on an
earlier night are neither deleted nor forgotten.

Usage: nightly_file_errors_test.py --meute BIN
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import unittest

ARGS = None

GOOD = '{"id": "n-a1", "kind": "news", "title": "Salon de la robotique", "text": "Cobots."}\n'
JSON_OK = ('[{"id": "n-b1", "kind": "news", "title": "Pile à combustible", "text": "H2."},\n'
           ' {"id": "n-b2", "kind": "news", "title": "Banc d\'essai", "text": "Moteurs."}]\n')
JSON_ONE = '[{"id": "n-b1", "kind": "news", "title": "Pile à combustible", "text": "H2."}]\n'
JSON_BROKEN = '[{"id": "n-b1", "kind": "news", "title": "Pile à combus'
# The second item is cut: the first is kept, the file is read only in part.
FEED_IN_PART = ('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Veille</title>\n'
                '<item><title>Atelier capteurs</title><guid>https://ex.fr/1</guid>'
                '<description>Capteurs.</description></item>\n'
                '<item><title>Coupé</ti\n')
CONFIG = ('[index]\npath = "idx"\n[model]\nenabled = false\n'
          '[[source]]\nname = "local"\npath = "src"\nauthoritative = true\n')


class NightlyFileErrorsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        os.makedirs(os.path.join(self.dir, "src"))
        self.write("meute.toml", CONFIG)
        self.write("src/good.jsonl", GOOD)

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, rel, text):
        with open(os.path.join(self.dir, rel), "w", encoding="utf-8") as f:
            f.write(text)

    def night(self):
        report = os.path.join(self.dir, "report.json")
        if os.path.exists(report):
            os.remove(report)
        p = subprocess.run([ARGS.meute, "nightly", "--config", "meute.toml", "--report", report],
                           cwd=self.dir, capture_output=True, text=True, timeout=120)
        with open(report, encoding="utf-8") as f:
            return p, json.load(f)

    def test_unreadable_file_gives_exit_3_and_keeps_its_records(self):
        self.write("src/more.json", JSON_OK)
        p, r = self.night()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(r["documents"], 3)
        self.assertEqual(r["counts"]["files_unreadable"], 0)

        # Night 2: more.json no longer parses.
        self.write("src/more.json", JSON_BROKEN)
        p, r = self.night()
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertEqual(r["exit_code"], 3)
        self.assertEqual(r["status"], "partial")
        self.assertEqual(r["counts"]["files_unreadable"], 1)
        self.assertEqual(r["counts"]["rejected"], 0)  # No record was refused.
        src = r["sources"][0]
        self.assertEqual(src["files_unreadable"], 1)
        self.assertEqual(src["unreadable"], ["src/more.json"])
        self.assertTrue(any(x["file"] == "src/more.json" for x in r["rejects"]), r["rejects"])
        self.assertIn("src/more.json:1:", p.stderr)
        self.assertIn("1 file unreadable", p.stderr)
        # Its records stay: nothing deleted although the source is authoritative.
        self.assertEqual(r["counts"]["deleted"], 0)
        self.assertEqual(r["documents"], 3)

        # Night 3: readable again, one record gone: deletions resume (the
        # state kept vouching for n-b2 through the partial night).
        self.write("src/more.json", JSON_ONE)
        p, r = self.night()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(r["counts"]["deleted"], 1)
        self.assertEqual(r["documents"], 2)

    def test_feed_read_in_part_keeps_what_parses_and_exits_3(self):
        self.write("src/veille.rss", FEED_IN_PART)
        p, r = self.night()
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertEqual(r["counts"]["files_unreadable"], 1)
        self.assertEqual(r["sources"][0]["unreadable"], ["src/veille.rss"])
        self.assertIn("src/veille.rss:", p.stderr)
        # good.jsonl and the feed's first item are indexed.
        self.assertGreaterEqual(r["counts"]["added"], 2)
        self.assertEqual(r["documents"], r["counts"]["added"])

    def test_folder_source_skips_what_is_not_a_record_source(self):
        self.write("src/README.md", "# Sources de veille\n\nNe pas indexer.\n")
        self.write("src/lexique.tsv", "terme\tsens\npile\tgénérateur\n")
        p, r = self.night()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(r["documents"], 1)
        self.assertEqual(sorted(r["sources"][0]["skipped"]),
                         ["src/README.md (documentation)", "src/lexique.tsv (no record columns)"])

    def test_same_exit_as_meute_index(self):
        self.write("src/more.json", JSON_BROKEN)
        p, _ = self.night()
        q = subprocess.run([ARGS.meute, "index", "--db", "idx-index", "src"], cwd=self.dir,
                           capture_output=True, text=True, timeout=120)
        self.assertEqual(p.returncode, 3, p.stderr)
        self.assertEqual(q.returncode, p.returncode, q.stderr)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--meute", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest)

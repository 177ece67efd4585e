#!/usr/bin/env python3
"""The deploy path, unattended (issue 15, item 3): deploy/meute.toml as
shipped, its absolute paths moved under a temporary root and its feed URL
pointed at a local server, run by the real `meute nightly` for two nights.

Usage: deploy_e2e_test.py --meute BIN --source SRC_DIR
"""

import argparse
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import unittest

ARGS = None

MEMBERS_CSV = (
    "id;nom;description;ville;poles\n"
    "m-csv-1;Hydrogène Sud;Électrolyseurs et stations hydrogène pour les flottes;Toulouse;mipyrail\n"
    "m-csv-2;Robots Garonne;Cobots pour l'usinage aéronautique;Blagnac;aerospace-valley\n")
MEMBERS_MAPPING = (
    'format = "csv"\n'
    '[fields]\n'
    'id = "id"\n'
    'name = "nom"\n'
    'title = "nom"\n'
    'text = "description"\n'
    'city = "ville"\n'
    'clusters = { from = "poles", split = "," }\n')


class DeployTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = subprocess.Popen(
            [sys.executable, os.path.join(ARGS.source, "tests", "testdata",
                                          "http_test_server.py")],
            stdout=subprocess.PIPE, text=True)
        cls.port = int(cls.server.stdout.readline())

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        cls.server.wait()

    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="meute_deploy_")
        os.chmod(self.root, 0o755)
        corpus = os.path.join(ARGS.source, "corpora", "occitanie")
        srv = os.path.join(self.root, "srv", "meute")
        os.makedirs(os.path.join(srv, "clusters"))
        os.makedirs(os.path.join(srv, "exports"))
        shutil.copy(os.path.join(corpus, "calls.jsonl"), os.path.join(srv, "calls.jsonl"))
        shutil.copy(os.path.join(corpus, "clusters.jsonl"), os.path.join(srv, "clusters"))
        with open(os.path.join(srv, "exports", "members-2026.csv"), "w") as f:
            f.write(MEMBERS_CSV)
        os.makedirs(os.path.join(self.root, "etc", "meute", "mappings"))
        with open(os.path.join(self.root, "etc", "meute", "mappings", "members.toml"), "w") as f:
            f.write(MEMBERS_MAPPING)
        # The shipped example, word for word but for the root and the feed.
        with open(os.path.join(ARGS.source, "deploy", "meute.toml")) as f:
            text = f.read()
        for prefix in ("/var/lib/meute", "/srv/meute", "/etc/meute"):
            self.assertIn(f'"{prefix}', text)
            text = text.replace(f'"{prefix}', f'"{self.root}{prefix}')
        self.assertIn("https://www.example.org/actualites/feed.rss", text)
        text = text.replace("https://www.example.org/actualites/feed.rss",
                            f"http://127.0.0.1:{self.port}/feed.xml")
        self.config = os.path.join(self.root, "etc", "meute", "meute.toml")
        with open(self.config, "w") as f:
            f.write(text)
        self.var = os.path.join(self.root, "var", "lib", "meute")
        self.assertFalse(os.path.exists(self.var))  # A fresh machine.

    def tearDown(self):
        shutil.rmtree(self.root, ignore_errors=True)

    def nightly(self):
        p = subprocess.run([ARGS.meute, "nightly", "--config", self.config], capture_output=True,
                           text=True, timeout=600, stdin=subprocess.DEVNULL)
        report_path = os.path.join(self.var, "reports", "nightly.json")
        report = None
        if os.path.exists(report_path):
            with open(report_path) as f:
                report = json.load(f)
        return p.returncode, p.stderr, report

    def mode(self, path):
        return stat.S_IMODE(os.stat(path).st_mode)

    def test_two_nights_from_a_fresh_machine(self):
        old = os.umask(0o022)
        try:
            code, err, report = self.nightly()
        finally:
            os.umask(old)
        self.assertEqual(code, 0, err)
        self.assertIsNotNone(report, "no report written")
        self.assertEqual(report["status"], "ok")
        records = 72 + 16 + 2 + 1  # calls, clusters, CSV members, one feed item.
        self.assertEqual(report["counts"]["added"], records, report["counts"])
        for folder in ("", "reports", "index.state"):
            path = os.path.join(self.var, folder)
            self.assertTrue(os.path.isdir(path), path)
            self.assertEqual(self.mode(path), 0o750, path)
        self.assertEqual(self.mode(os.path.join(self.var, "reports", "nightly.json")) & 0o002, 0)
        self.assertTrue(os.path.exists(os.path.join(self.var, "index", "meute.model")))
        self.assertEqual(report["model"], "refreshed")

        code, err, report = self.nightly()
        self.assertEqual(code, 0, err)
        counts = report["counts"]
        self.assertEqual(counts["added"] + counts["updated"], 0, counts)
        self.assertEqual(counts["unchanged"], records, counts)
        self.assertEqual(report["model"], "unchanged")
        # Silent but for its one summary line when nothing is wrong.
        self.assertEqual(len(err.strip().splitlines()), 1, err)
        self.assertIn("0 indexed", err)

    def test_missing_source_is_named_and_the_others_still_run(self):
        shutil.rmtree(os.path.join(self.root, "srv", "meute", "clusters"))
        code, err, report = self.nightly()
        self.assertEqual(code, 6, err)
        clusters = os.path.join(self.root, "srv", "meute", "clusters")
        self.assertIn('source "clusters" failed', err)
        self.assertIn(clusters, err)
        self.assertNotIn("model", err.split("\n")[0])
        statuses = {s["name"]: s["status"] for s in report["sources"]}
        self.assertEqual(statuses["clusters"], "failed")
        self.assertEqual(statuses["calls"], "ok", report["sources"])
        self.assertEqual(report["counts"]["added"], 72 + 2 + 1)

    def test_every_source_missing_says_so_not_a_model_failure(self):
        shutil.rmtree(os.path.join(self.root, "srv"))
        with open(self.config) as f:
            text = f.read()
        with open(self.config, "w") as f:
            f.write(text.replace(f"http://127.0.0.1:{self.port}/feed.xml",
                                 f"http://127.0.0.1:{self.port}/missing"))
        code, err, report = self.nightly()
        self.assertEqual(code, 6, err)
        self.assertNotIn("refreshing the model failed", err)
        for name in ("calls", "clusters", "members-csv", "actus-region"):
            self.assertIn(f'source "{name}" failed', err)


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--meute", required=True)
    parser.add_argument("--source", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)


if __name__ == "__main__":
    main()

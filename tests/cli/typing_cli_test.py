#!/usr/bin/env python3
"""End-to-end tests of the command line for people who type (issue 15, item 4).

Runs the built `meute` on real files and real Xapian databases in temporary
folders: "did you mean" for commands, options, cluster and call ids; `meute
help`; `--` and query words that start with a dash; one message per error;
what to run first on a missing or empty database. Run one group with
  typing_cli_test.py --meute BUILD/tools/meute --source REPO HelpTest
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ARGS = None  # Set in main.


def run(*args):
    """Runs meute with `args`; returns (exit code, stdout, stderr)."""
    env = dict(os.environ, NO_COLOR="1")
    p = subprocess.run([ARGS.meute, *args], capture_output=True, text=True, env=env, timeout=300)
    return p.returncode, p.stdout, p.stderr


def corpus(name):
    return os.path.join(ARGS.source, "corpora", "occitanie", name)


class TempCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="meute_typing_")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def assert_one_line(self, err):
        lines = [l for l in err.splitlines() if l.strip()]
        self.assertEqual(len(lines), 1, err)


class HelpTest(TempCase):
    def test_help_alone_prints_the_overview(self):
        code, out, err = run("help")
        self.assertEqual(code, 0, err)
        for command in ("index", "search", "partners", "digest", "nightly"):
            self.assertIn(command, out)

    def test_no_command_prints_the_overview_with_usage_code(self):
        code, _, err = run()
        self.assertEqual(code, 2)
        self.assertIn("search", err)
        self.assertIn("partners", err)

    def test_help_command_prints_its_options(self):
        code, out, err = run("help", "search")
        self.assertEqual(code, 0, err)
        self.assertIn("--limit", out)
        self.assertIn("-hydrogene", out)  # The leading-dash rule is documented.

    def test_help_of_a_mistyped_command_suggests(self):
        code, out, err = run("help", "serch")
        self.assertEqual(code, 2)
        self.assertEqual(out, "")
        self.assertIn('did you mean "search"?', err)
        self.assert_one_line(err)

    def test_digest_help_says_the_default_format(self):
        code, out, _ = run("digest", "--help")
        self.assertEqual(code, 0)
        line = [l for l in out.splitlines() if "--format" in l][0]
        self.assertIn("html", line.split("md, html")[0] + line.split("eml or json")[-1])


class DidYouMeanTest(TempCase):
    def test_unknown_command(self):
        for typed, meant in (("serch", "search"), ("idnex", "index"), ("partenrs", "partners"),
                             ("consortum", "consortium")):
            code, out, err = run(typed, "--db", "x")
            self.assertEqual(code, 2, err)
            self.assertEqual(out, "")
            self.assertIn(f'unknown command "{typed}"', err)
            self.assertIn(f'did you mean "{meant}"?', err)
            self.assert_one_line(err)

    def test_far_command_gets_no_suggestion(self):
        code, _, err = run("frobnicate")
        self.assertEqual(code, 2)
        self.assertIn('unknown command "frobnicate"', err)
        self.assertNotIn("did you mean", err)

    def test_unknown_subcommand(self):
        code, _, err = run("model", "biuld", "--db", "x")
        self.assertEqual(code, 2)
        self.assertIn('did you mean "build"?', err)

    def test_unknown_long_option(self):
        code, _, err = run("search", "--db", "x", "--limt", "5", "mot")
        self.assertEqual(code, 2)
        self.assertIn('unknown option "--limit"'.replace("limit", "limt"), err)
        self.assertIn('did you mean "--limit"?', err)
        self.assert_one_line(err)
        code, _, err = run("index", "--dbb=x", "f.jsonl")
        self.assertEqual(code, 2)
        self.assertIn('did you mean "--db"?', err)

    def test_unknown_short_option_outside_a_query(self):
        code, _, err = run("partners", "--db", "x", "--cluster", "c", "-z")
        self.assertEqual(code, 2)
        self.assertIn('unknown option "-z"', err)


class IdsTest(TempCase):
    """Cluster and call ids on a real database with its model."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="meute_typing_ids_")
        cls.db = os.path.join(cls.dir, "db")
        files = [corpus(f) for f in ("clusters.jsonl", "calls.jsonl", "members-industry.jsonl")]
        code, _, err = run("index", "-q", "--db", cls.db, *files)
        if code != 0:
            raise RuntimeError(f"index failed ({code}): {err}")
        code, _, err = run("model", "build", "--db", cls.db, "--quiet")
        if code != 0:
            raise RuntimeError(f"model build failed ({code}): {err}")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_mistyped_cluster_id(self):
        for command in ("partners", "calls"):
            code, out, err = run(command, "--db", self.db, "--cluster", "mipyrai",
                                 "--as-of", "2026-11-26")
            self.assertEqual(code, 5, err)
            self.assertEqual(out, "")
            self.assertIn('no cluster "mipyrai"', err)
            self.assertIn('did you mean "mipyrail"?', err)
            self.assert_one_line(err)

    def test_correct_cluster_id_still_works(self):
        code, out, err = run("calls", "--db", self.db, "--cluster", "mipyrail", "--as-of",
                             "2026-11-26", "--json")
        self.assertEqual(code, 0, err)
        self.assertEqual(json.loads(out)["cluster"], "mipyrail")

    def test_mistyped_call_id(self):
        code, _, err = run("consortium", "--db", self.db, "--call",
                           "call-readynov-hydrogene-trains-regionau", "--as-of", "2026-01-15")
        self.assertEqual(code, 5, err)
        self.assertIn('did you mean "call-readynov-hydrogene-trains-regionaux"?', err)
        self.assert_one_line(err)

    def test_far_cluster_id_gets_no_suggestion(self):
        code, _, err = run("partners", "--db", self.db, "--cluster", "zzzzzzzz")
        self.assertEqual(code, 5)
        self.assertIn('no cluster "zzzzzzzz"', err)
        self.assertNotIn("did you mean", err)


class DashQueryTest(TempCase):
    """A query word that starts with a dash is a NOT, never an option."""

    def setUp(self):
        super().setUp()
        self.db = os.path.join(self.tmp, "db")
        records = os.path.join(ARGS.source, "tests", "testdata", "search", "records.jsonl")
        code, _, err = run("index", "-q", "--db", self.db, records)
        self.assertEqual(code, 0, err)

    def ids(self, *query):
        code, out, err = run("search", "--db", self.db, "--json", "--limit", "100", *query)
        self.assertEqual(code, 0, f"{query}: {err}")
        return [h["id"] for h in json.loads(out)["hits"]]

    def test_leading_dash_words_are_nots(self):
        everything = self.ids("appel")
        self.assertIn("t-call-hydrogene", everything)
        # -hydrogene starts like -h (help) and -n (limit): still a word.
        without = self.ids("appel", "-hydrogene")
        self.assertTrue(without)
        self.assertNotIn("t-call-hydrogene", without)
        self.assertEqual(set(without), set(everything) - {"t-call-hydrogene"})
        self.assertEqual(self.ids("appel", "-hydrogene"), self.ids("appel NOT hydrogene"))

    def test_a_dash_word_alone_is_a_not_not_an_option(self):
        code, out, err = run("search", "--db", self.db, "--json", "-hydrogene")
        self.assertEqual(code, 0, err)
        self.assertNotIn("Usage", out + err)
        ids = [h["id"] for h in json.loads(out)["hits"]]
        self.assertNotIn("t-call-hydrogene", ids)

    def test_options_after_the_query_still_work(self):
        for args in (["appel", "-hydrogene", "-n", "1"], ["-n1", "appel", "-hydrogene"]):
            code, out, err = run("search", "--db", self.db, "--json", *args)
            self.assertEqual(code, 0, f"{args}: {err}")
            hits = json.loads(out)["hits"]
            self.assertEqual(len(hits), 1, args)
            self.assertNotEqual(hits[0]["id"], "t-call-hydrogene")

    def test_double_dash_ends_options(self):
        self.assertEqual(self.ids("--", "appel", "-hydrogene"), self.ids("appel", "-hydrogene"))
        code, _, err = run("search", "--db", self.db, "--", "--limit")
        self.assertEqual(code, 0, err)  # A word, not an option.


class MissingDatabaseTest(TempCase):
    def test_every_command_says_what_to_run_first(self):
        missing = os.path.join(self.tmp, "nothing")
        for args in (["search", "--db", missing, "mot"], ["similar", "--db", missing, "x"],
                     ["model", "build", "--db", missing], ["themes", "--db", missing],
                     ["partners", "--db", missing, "--cluster", "c"],
                     ["calls", "--db", missing, "--cluster", "c"],
                     ["consortium", "--db", missing, "--call", "c"],
                     ["digest", "--db", missing, "--cluster", "c", "--out", self.tmp],
                     ["map", "--db", missing, "--out", os.path.join(self.tmp, "m.html")]):
            code, out, err = run(*args)
            self.assertEqual(code, 5, f"{args}: {err}")
            self.assertIn(f"meute index --db {missing}", err, args)
            self.assert_one_line(err)

    def test_empty_database_says_index_first(self):
        empty = os.path.join(self.tmp, "empty.jsonl")
        open(empty, "w").close()
        db = os.path.join(self.tmp, "db")
        code, _, err = run("index", "-q", "--db", db, empty)
        self.assertEqual(code, 0, err)
        for args in (["model", "build", "--db", db], ["themes", "--db", db],
                     ["partners", "--db", db, "--cluster", "c"]):
            code, _, err = run(*args)
            self.assertEqual(code, 1, f"{args}: {err}")
            self.assertIn(f"run `meute index --db {db} FILES` first", err, args)
            self.assert_one_line(err)

    def test_no_model_says_build_it_first(self):
        db = os.path.join(self.tmp, "db")
        code, _, err = run("index", "-q", "--db", db, corpus("clusters.jsonl"))
        self.assertEqual(code, 0, err)
        code, _, err = run("themes", "--db", db)
        self.assertEqual(code, 1, err)
        self.assertIn(f"run `meute model build --db {db}` first", err)
        self.assert_one_line(err)


class SendmailTest(TempCase):
    def test_failed_sendmail_is_reported_once_with_its_exit_status(self):
        db = os.path.join(self.tmp, "db")
        files = [corpus(f) for f in ("clusters.jsonl", "calls.jsonl", "members-industry.jsonl")]
        self.assertEqual(run("index", "-q", "--db", db, *files)[0], 0)
        self.assertEqual(run("model", "build", "--db", db, "--quiet")[0], 0)
        code, _, err = run("digest", "--db", db, "--week", "2026-W48", "--cluster", "mipyrail",
                           "--format", "eml", "--sendmail", "false", "-q")
        self.assertEqual(code, 1, err)
        self.assertEqual(err.count("sendmail"), 1, err)
        self.assertIn('sendmail command "false" exited with status 1', err)
        self.assertNotIn("256", err)
        self.assert_one_line(err)


class FunderTest(TempCase):
    """Item 5: funder and programme filters match what calls write."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="meute_typing_funder_")
        cls.db = os.path.join(cls.dir, "db")
        code, _, err = run("index", "-q", "--db", cls.db, corpus("calls.jsonl"))
        if code != 0:
            raise RuntimeError(f"index failed ({code}): {err}")
        with open(corpus("calls.jsonl")) as f:
            cls.calls = [json.loads(line) for line in f if line.strip()]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def ids(self, query):
        code, out, err = run("search", "--db", self.db, "--json", "--limit", "200", query)
        self.assertEqual(code, 0, f"{query}: {err}")
        return {h["id"] for h in json.loads(out)["hits"]}

    def written(self, predicate):
        return {c["id"] for c in self.calls if predicate(c)}

    def test_ademe_finds_every_call_the_ademe_runs(self):
        ademe = self.written(lambda c: "ADEME" in c.get("funder", ""))
        operated = self.written(lambda c: c.get("funder") == "France 2030 (opérée par l'ADEME)")
        self.assertTrue(operated)
        self.assertGreater(len(ademe), len(operated))
        for query in ("financeur:ademe", "financeur:ADEME", "funder:Ademe", "financeur:l'ADEME",
                      'financeur:"agence de la transition écologique"'):
            self.assertEqual(self.ids(query), ademe, query)

    def test_operator_and_programme_as_written(self):
        bpi = self.written(lambda c: "Bpifrance" in c.get("funder", ""))
        self.assertEqual(self.ids("financeur:bpifrance"), bpi)
        self.assertEqual(self.ids('financeur:"Banque publique d\'investissement"'), bpi)
        france2030 = self.written(lambda c: "France 2030" in c.get("funder", "") or
                                  "France 2030" in c.get("programme", ""))
        self.assertEqual(self.ids('programme:"france 2030"'), france2030)
        self.assertEqual(self.ids('financeur:"France 2030"'), france2030)
        feder = self.written(lambda c: "FEDER" in c.get("funder", "") + c.get("programme", ""))
        self.assertEqual(self.ids("financeur:feder"), feder)

    def test_a_funder_filter_does_not_match_everything(self):
        anr = self.ids("financeur:anr")
        self.assertTrue(anr)
        self.assertTrue(anr.isdisjoint(self.ids("financeur:ademe")))
        self.assertLess(len(anr), len(self.calls) // 4)


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--meute", required=True)
    parser.add_argument("--source", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)


if __name__ == "__main__":
    main()

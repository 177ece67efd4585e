#!/usr/bin/env python3
"""End-to-end tests of issue 17 (ingest hardening) with the real `meute`.

Each test writes its input files to a temporary folder, runs `meute index`
into a temporary Xapian index and checks the exit status, the diagnostics
and what `meute search` / `meute analyze` find. Run:
  ingest_cli_test.py --meute BUILD/tools/meute
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
    """Runs meute with `args`; returns (exit code, stdout, stderr as bytes)."""
    p = subprocess.run([ARGS.meute, *args], capture_output=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


class TempCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="meute_ingest_")
        self.db = os.path.join(self.tmp, "db")
        self.inputs = os.path.join(self.tmp, "in")
        os.mkdir(self.inputs)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def write(self, name, content):
        path = os.path.join(self.inputs, name)
        with open(path, "wb") as f:
            f.write(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    def index(self, *paths):
        code, _, err = run("index", "--db", self.db, *paths)
        err_text = err.decode("utf-8")  # Raises if a diagnostic is not valid UTF-8.
        return code, err_text

    def hits(self, query):
        code, out, err = run("search", "--db", self.db, "--json", "--limit", "50", query)
        self.assertEqual(code, 0, err)
        return sorted(h["id"] for h in json.loads(out)["hits"])


class IngestHardeningTest(TempCase):
    def test_script_style_template_noscript_text_is_not_searchable(self):
        page = self.write(
            "page.html",
            "<html><head><title>Atelier</title></head><body>"
            "<h1>Atelier vélo<script>console.log('wombatscript')</script>"
            "<noscript>wombatnoscript</noscript></h1>"
            "<article><p>L'atelier répare les vélos des salariés <template>wombattemplate"
            "</template>chaque mardi, avec des pièces de récupération et des bénévoles du "
            "quartier.</p><style>.wombatstyle{color:red}</style>"
            "<p>Un second paragraphe décrit les horaires et le lieu de l'atelier.</p>"
            "</article></body></html>")
        feed = self.write(
            "feed.rss",
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>F</title>"
            "<item><guid>i1</guid><title>Vélo-école</title><description>"
            "&lt;p&gt;Cours&lt;script&gt;wombatfeed()&lt;/script&gt; du samedi&lt;/p&gt;"
            "</description></item></channel></rss>")
        code, err = self.index(page, feed)
        self.assertEqual(code, 0, err)
        for marker in ("wombatscript", "wombatnoscript", "wombattemplate", "wombatstyle",
                       "wombatfeed"):
            self.assertEqual(self.hits(marker), [], marker)
        self.assertEqual(len(self.hits("atelier")), 1)
        self.assertEqual(len(self.hits("samedi")), 1)

    def test_whole_files_lost_exit_3_and_are_counted_the_others_indexed(self):
        good = self.write("good.jsonl",
                          '{"id":"g1","kind":"news","title":"Tramway de Montpellier"}\n')
        broken = self.write("cut.json", '[{"id":"j1","kind":"news","title":"Métro"},\n{"id":')
        not_feed = self.write("page.rss", "<?xml version=\"1.0\"?><html><p>x</p></html>")
        bad_header = self.write("bad.csv", 'id,kind,"title\nc1,news,Bus\n')
        code, err = self.index(good, broken, not_feed, bad_header)
        self.assertEqual(code, 3, err)
        self.assertRegex(err, r"cut\.json:2:\d+: invalid JSON")
        self.assertIn("page.rss:", err)
        self.assertIn("bad.csv:", err)
        self.assertIn("3 files unreadable", err)
        self.assertEqual(self.hits("tramway"), ["g1"])

    def test_one_file_lost_alone_exits_3(self):
        nul = self.write("nul.json", b'[{"id":"n1","kind":"news","title":"Gare"}]\x00[{"id"')
        code, err = self.index(nul)
        self.assertEqual(code, 3, err)
        self.assertRegex(err, r"nul\.json:1:\d+: invalid JSON: NUL byte")
        self.assertIn("1 file unreadable", err)

    def test_refused_records_name_file_line_and_field(self):
        calls = self.write(
            "calls.jsonl",
            '{"id":"a1","kind":"call","title":"Mobilités","opens":"2027-03-01",'
            '"deadline":"2027-02-01"}\n'
            '{"id":"\u00a0\u2003","kind":"call","title":"Sans id"}\n'
            '{"id":"a3","kind":"call","title":2027}\n'
            '{"id":"a4","kind":"call","title":"Bon appel","opens":"2027-03-01",'
            '"deadline":"2027-04-01"}\n')
        code, err = self.index(calls)
        self.assertEqual(code, 3, err)
        self.assertIn('calls.jsonl:1: field "deadline": 2027-02-01 precedes', err)
        self.assertIn('calls.jsonl:2: field "id": missing or blank', err)
        self.assertIn('calls.jsonl:3: field "title": expected a string, got number', err)
        self.assertEqual(self.hits("appel"), ["a4"])

    def test_invalid_bytes_in_diagnostics_are_escaped(self):
        bad = self.write("bad.json", b'{"id":"x","kind":"news","title":"\xff\xfe\x80')
        code, err = self.index(bad)  # self.index decodes stderr as UTF-8.
        self.assertEqual(code, 3, err)
        self.assertIn("bad.json:", err)

    def test_analyze_shows_scripts_and_acronyms_folded(self):
        code, out, err = run("analyze", "--lang", "fr",
                             "Le SO₂ par dm³ selon l'O.C.D.E. et la 2ᵉ note")
        self.assertEqual(code, 0, err)
        text = out.decode("utf-8")
        for form in ("so2", "dm3", "ocde", "2e"):
            self.assertRegex(text, r"\b" + form + r"\b", text)
        calls = self.write("chem.jsonl",
                           '{"id":"c1","kind":"news","title":"Captage du SO₂ et de l\'A.D.E.M.E."}\n')
        code, err = self.index(calls)
        self.assertEqual(code, 0, err)
        self.assertEqual(self.hits("so2"), ["c1"])
        self.assertEqual(self.hits("ADEME"), ["c1"])


class FolderWalkTest(TempCase):
    """Issue 15, item 1: a folder walk indexes record sources only, says what
    it skipped and why; --kind and a mapping's [defaults] kind give kinds."""

    def make_folder(self):
        os.makedirs(os.path.join(self.inputs, "docs"))
        os.makedirs(os.path.join(self.inputs, "lexique"))
        self.write("actus.jsonl",
                   '{"id":"a1","kind":"news","title":"Forum des capteurs","text":"Salon."}\n')
        self.write("LISEZ-MOI.md", "# Notes\n\nRien.\n")  # Not a documentation name: read.
        self.write("docs/Readme.txt", "Ce dossier contient les fichiers de veille du pole.\n")
        self.write("CHANGELOG.md", "## 1.2\n\n- Ajout des appels.\n")
        self.write("fiche.schema.json", '{"type": "object", "properties": {}}\n')
        self.write("format.json", '{"$schema": "https://json-schema.org/draft/2020-12/schema",'
                                  ' "title": "Fiche", "type": "object"}\n')
        self.write("lexique/termes.tsv", "terme\tdéfinition\nélectrolyse\tdécomposition\n"
                                         "pile\tgénérateur\n")
        self.write("lexique/equivalences.txt", "# règles\nIA, intelligence artificielle\n"
                                               "H2, hydrogène\nPME => petites entreprises\n")
        self.write("lexique/mots.txt", "appel\nprojet\ndossier\ncandidature\n")
        self.write("veille.csv", "id,title,text\nc1,Atelier hydrogène,Rencontre à Albi\n")

    def test_only_record_sources_are_indexed_and_skips_are_named(self):
        self.make_folder()
        code, err = self.index("--kind", "news", self.inputs)
        self.assertEqual(code, 0, err)
        j = lambda *p: os.path.join(self.inputs, *p)
        self.assertRegex(err, r"skipped \(documentation, not a record source\): .*CHANGELOG\.md")
        self.assertIn(j("docs", "Readme.txt"), err)
        self.assertRegex(err, r"skipped \(JSON schema, not a record source\): .*fiche\.schema"
                              r"\.json, .*format\.json")
        self.assertRegex(err, r"skipped \(no record columns, not a record source\): .*termes\.tsv")
        self.assertRegex(err, r"skipped \(synonyms list, not a record source\): "
                              r".*equivalences\.txt")
        self.assertRegex(err, r"skipped \(word list or table, not a record source\): .*mots\.txt")
        self.assertIn("7 files skipped", err)
        # Indexed: the JSON Lines news, the CSV (kind from --kind), the notes.
        self.assertEqual(self.hits("capteurs"), ["a1"])
        self.assertEqual(self.hits("albi"), ["c1"])
        self.assertEqual(self.hits("electrolyse"), [])
        self.assertEqual(self.hits("changelog"), [])
        self.assertEqual(self.hits("intelligence"), [])

    def test_a_file_named_explicitly_is_always_read(self):
        self.make_folder()
        code, err = self.index(os.path.join(self.inputs, "lexique", "mots.txt"))
        self.assertEqual(code, 0, err)
        self.assertNotIn("skipped", err)
        self.assertNotEqual(self.hits("candidature"), [])

    def test_csv_without_kind_is_rejected_unless_kind_is_given(self):
        path = self.write("calls.csv", "id,title,text\nk1,Appel PME,Aide régionale\n")
        code, err = self.index(path)
        self.assertEqual(code, 3, err)
        self.assertIn("kind", err)
        self.assertIn(path + ":2", err)
        code, err = self.index("--kind", "call", path)
        self.assertEqual(code, 0, err)
        code, out, err = run("search", "--db", self.db, "--json", "--limit", "5", "aide")
        self.assertEqual(code, 0, err)
        self.assertEqual([h.get("kind") for h in json.loads(out)["hits"]], ["call"])
        code, err = self.index("--kind", "recette", path)
        self.assertNotEqual(code, 0)
        self.assertIn("--kind \"recette\"", err)

    def test_mapping_defaults_kind(self):
        self.write("membres.csv", "ident;nom;activite\nm1;Robots Tarn;Cobots pour ateliers\n")
        self.write("membres.csv.mapping.toml", 'format = "csv"\n[fields]\nid = "ident"\ntitle = "nom"\n'
                                   'text = "activite"\n[defaults]\nkind = "member"\n')
        code, err = self.index(self.inputs)
        self.assertEqual(code, 0, err)
        code, out, err = run("search", "--db", self.db, "--json", "--limit", "5", "cobots")
        self.assertEqual(code, 0, err)
        self.assertEqual([h.get("kind") for h in json.loads(out)["hits"]], ["member"])

    def test_a_folder_with_no_record_source_says_what_it_skipped(self):
        self.write("README.md", "# Données\n")
        code, err = self.index(self.inputs)
        self.assertNotEqual(code, 0)
        self.assertIn("no record source found", err)
        self.assertIn("README.md (documentation)", err)


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--meute", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Which shared libraries a `meute` process maps (issue 16, item 1).

`meute search` and `meute --version` must never load poppler, libcurl or what
they pull in (NSS, GnuTLS, Kerberos, LDAP, freetype, TIFF...): those live in
the plugins libmeute_pdf.so and libmeute_fetch.so, loaded only by a command
that reads a PDF or fetches a URL; nor libxml2 (loaded on the first XML or
HTML parse), libhunspell (loaded by the recommender's first French parts of
speech), toml++ (header-only) or Abseil (static). The dynamic loader itself reports every
object it maps, dlopen()ed ones included (LD_DEBUG=files), so a new
dependency of the binary shows up here. The test also checks that indexing a
PDF does load the plugin (from the installed layout, when --prefix is given:
`cmake --install` into a temporary prefix), and reads the PDF.
"""

import argparse
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import unittest

ARGS = None
# Libraries that must not be mapped by a search (name prefixes).
FORBIDDEN = ["libpoppler", "libcurl", "libgnutls", "libnettle", "libhogweed", "libkrb5",
             "libgssapi", "libldap", "liblber", "libnss3", "libsmime3", "libnspr4",
             "libfreetype", "libtiff", "libssh", "libidn2", "librtmp", "libpsl", "libcairo",
             "libmeute_pdf", "libmeute_fetch", "libsasl2", "libbrotli", "librsvg", "libpango",
             # Loaded on the first XML/HTML parse or parts of speech; linked as
             # header-only or static.
             "libxml2", "liblzma", "libhunspell", "libtomlplusplus", "libabsl"]
# At most this many shared objects for a search (93 before issue 16; about a
# dozen since: Xapian, ICU, the C and C++ runtimes). Raise it only for a
# library that search itself needs.
MAX_SEARCH_OBJECTS = 14


def mapped(argv, env_extra=None):
    """(returncode, stdout, names of the objects ld.so mapped) for one run."""
    env = dict(os.environ, LD_DEBUG="files")
    env.pop("MEUTE_PLUGIN_DIR", None)
    env.update(env_extra or {})
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    paths = re.findall(r"file=(\S+) \[\d+\];\s+generating link map", proc.stderr)
    return proc.returncode, proc.stdout, paths


class StartupLibsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.dir = pathlib.Path(cls.tmp.name)
        cls.meute = ARGS.meute
        if ARGS.prefix_install:
            # Install into a temporary prefix and use that copy.
            prefix = cls.dir / "prefix"
            subprocess.run(["cmake", "--install", ARGS.build, "--prefix", str(prefix)],
                           check=True, capture_output=True)
            cls.prefix = prefix
            cls.meute = str(prefix / "bin" / "meute")
        else:
            cls.prefix = None
        corpus = pathlib.Path(ARGS.source) / "corpora" / "occitanie"
        subprocess.run([cls.meute, "index", "--db", str(cls.dir / "db"), "-q", str(corpus)],
                       check=True, capture_output=True)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def check_lean(self, argv):
        code, out, paths = mapped(argv)
        self.assertEqual(code, 0, f"{argv} failed")
        self.assertGreater(len(paths), 3, "LD_DEBUG=files reported nothing: cannot check")
        names = [os.path.basename(p) for p in paths]
        bad = [n for n in names if any(n.startswith(f) for f in FORBIDDEN)]
        self.assertEqual(bad, [], f"{' '.join(argv[1:3])} maps libraries it does not need")
        self.assertLessEqual(len(names), MAX_SEARCH_OBJECTS,
                             f"{len(names)} shared objects mapped: {' '.join(names)}")
        return out

    def test_search_maps_neither_poppler_nor_curl(self):
        out = self.check_lean([self.meute, "search", "--db", str(self.dir / "db"), "hydrogène"])
        self.assertIn("hydrog", out.lower(), "the search found nothing")

    def test_version_maps_neither_poppler_nor_curl(self):
        out = self.check_lean([self.meute, "--version"])
        self.assertTrue(out.startswith("meute "))

    def test_indexing_a_pdf_loads_the_pdf_plugin_and_reads_it(self):
        pdf = pathlib.Path(ARGS.source) / "tests" / "fuzz" / "pdf_reader" / "call.pdf"
        code, _, paths = mapped([self.meute, "index", "--db", str(self.dir / "pdfdb"), "-q",
                                 str(pdf)])
        self.assertEqual(code, 0)
        plugin = [p for p in paths if os.path.basename(p) == "libmeute_pdf.so"]
        self.assertEqual(len(plugin), 1, "libmeute_pdf.so was not loaded")
        self.assertTrue(any(os.path.basename(p).startswith("libpoppler") for p in paths))
        if self.prefix is not None:
            self.assertTrue(pathlib.Path(plugin[0]).resolve().is_relative_to(self.prefix.resolve()),
                            f"the installed meute loaded {plugin[0]}, not its own plugin")
        proc = subprocess.run([self.meute, "search", "--db", str(self.dir / "pdfdb"), "--json",
                               "appel", "projets"], capture_output=True, text=True, check=False)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("call.pdf", proc.stdout)

    def test_a_missing_plugin_is_a_clear_error(self):
        if self.prefix is None:
            self.skipTest("only with --prefix-install (other tests use the build tree's plugin)")
        pdf = pathlib.Path(ARGS.source) / "tests" / "fuzz" / "pdf_reader" / "call.pdf"
        plugin = next(self.prefix.rglob("libmeute_pdf.so"))
        moved = plugin.with_suffix(".off")
        plugin.rename(moved)
        try:
            env = dict(os.environ, MEUTE_PLUGIN_DIR=str(self.dir / "nowhere"))
            proc = subprocess.run([self.meute, "index", "--db", str(self.dir / "nopdf"), str(pdf)],
                                  capture_output=True, text=True, env=env, check=False)
        finally:
            moved.rename(plugin)
        self.assertIn("PDF support is not installed", proc.stderr)
        self.assertIn("libmeute_pdf.so not found", proc.stderr)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--meute", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--build", required=True)
    parser.add_argument("--prefix-install", action="store_true")
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0]] + rest)

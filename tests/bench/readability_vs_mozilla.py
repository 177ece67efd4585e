#!/usr/bin/env python3
"""Main-text extraction: Meute's HTML page reader against Mozilla Readability.

On readability-test-pages (each folder: source.html, expected.html = the
article Readability extracts, expected-metadata.json with its title), scores
the text each extractor gives by word-level F1 against the text of
expected.html, and its title by exact match with the metadata title. Meute
runs through build/tests/meute_html_extract (ParseHtmlPage, as `meute index`
reads a page); Readability (npm @mozilla/readability with jsdom) through
tests/bench/readability_mozilla.js, and its article HTML is scored by the same
scorer as expected.html.

Pages are split in two halves by a hash of the folder name: "tune" (the half
the extractor's parameters may be fixed on) and "held" (reported only).

  python3 tests/bench/readability_vs_mozilla.py --extract build/tests/meute_html_extract \
      --node-modules /tmp/rd_npm/node_modules [--pages DIR] [--per-page]
  # As a test floor (no Node needed):
  python3 tests/bench/readability_vs_mozilla.py --extract ... --no-mozilla \
      --min-f1 0.9 --min-title 0.85

--pages defaults to $MEUTE_DATA_DIR/readability-test-pages/pages. Exit status:
0, 1 if a floor is not reached, 77 (skipped) if no pages are found.
"""

import argparse
import collections
import hashlib
import html.parser
import json
import os
import re
import statistics
import subprocess
import sys
import time

SKIPPED = 77


class _Text(html.parser.HTMLParser):
    """Text of an HTML document, without script/style/template/noscript."""

    SKIP = {"script", "style", "template", "noscript", "svg", "iframe"}
    BLOCK = {"p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
             "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "tr", "td", "th", "figure",
             "figcaption", "br", "hr", "header", "footer", "main", "aside", "nav"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(markup):
    p = _Text()
    p.feed(markup)
    p.close()
    return "".join(p.parts)


# Word tokens: runs of letters and digits; each Han, kana or Hangul character
# is one token (those scripts write no spaces, so a "run" would be a whole
# line and one line break more or less would change every token).
_CJK = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af"
_TOKEN = re.compile(f"[{_CJK}]|[^\\W{_CJK}]+")


def words(text):
    return _TOKEN.findall(text.lower())


def f1(got, want):
    g, w = collections.Counter(words(got)), collections.Counter(words(want))
    if not g and not w:
        return 1.0
    common = sum((g & w).values())
    if common == 0:
        return 0.0
    precision = common / sum(g.values())
    recall = common / sum(w.values())
    return 2 * precision * recall / (precision + recall)


def norm_title(t):
    return re.sub(r"\s+", " ", t or "").strip()


def half(name):
    return "tune" if hashlib.sha1(name.encode()).digest()[0] % 2 == 0 else "held"


def run_lines(cmd, env=None):
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, check=False)
    if out.returncode not in (0, 1):
        sys.exit(f"{cmd[0]} failed ({out.returncode}): {out.stderr.decode(errors='replace')[:500]}")
    rows = {}
    for line in out.stdout.decode("utf-8", errors="replace").splitlines():
        if line.strip():
            r = json.loads(line)
            rows[r["file"]] = r
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", default=None)
    ap.add_argument("--extract", required=True, help="path of the meute_html_extract binary")
    ap.add_argument("--node-modules", default=None,
                    help="node_modules folder with @mozilla/readability and jsdom")
    ap.add_argument("--no-mozilla", action="store_true", help="score Meute only")
    ap.add_argument("--per-page", action="store_true", help="print one line per page")
    ap.add_argument("--min-f1", type=float, default=None, help="floor on Meute's mean F1")
    ap.add_argument("--min-title", type=float, default=None,
                    help="floor on Meute's share of exact titles")
    args = ap.parse_args()

    pages = args.pages
    if pages is None:
        data = os.environ.get("MEUTE_DATA_DIR")
        if not data:
            print("SKIPPED: MEUTE_DATA_DIR is not set (it holds readability-test-pages/)")
            return SKIPPED
        pages = os.path.join(data, "readability-test-pages", "pages")
    if not os.path.isdir(pages):
        print(f"SKIPPED: no folder {pages}")
        return SKIPPED
    names = sorted(n for n in os.listdir(pages)
                   if os.path.isfile(os.path.join(pages, n, "source.html")))
    sources = [os.path.join(pages, n, "source.html") for n in names]

    seconds = {}
    start = time.monotonic()
    systems = {"meute": run_lines([args.extract] + sources)}
    seconds["meute"] = time.monotonic() - start
    if not args.no_mozilla:
        env = dict(os.environ)
        if args.node_modules:
            env["NODE_PATH"] = args.node_modules
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "readability_mozilla.js")
        start = time.monotonic()
        moz = run_lines(["node", script] + sources, env=env)
        seconds["mozilla"] = time.monotonic() - start
        for r in moz.values():
            r["text"] = html_text(r.get("content", ""))
        systems["mozilla"] = moz

    scores = {s: [] for s in systems}  # (name, half, f1, title_ok or None)
    for name, src in zip(names, sources):
        folder = os.path.join(pages, name)
        with open(os.path.join(folder, "expected.html"), encoding="utf-8") as f:
            want = html_text(f.read())
        with open(os.path.join(folder, "expected-metadata.json"), encoding="utf-8") as f:
            want_title = norm_title(json.load(f).get("title"))
        for s, rows in systems.items():
            r = rows.get(src, {})
            score = f1(r.get("text", ""), want)
            title_ok = None if not want_title else norm_title(r.get("title")) == want_title
            scores[s].append((name, half(name), score, title_ok))
            if args.per_page:
                mark = "-" if title_ok is None else ("ok" if title_ok else "DIFF")
                print(f"{s:8} {half(name):5} {name:45} F1 {score:.3f} title {mark}"
                      + ("" if title_ok in (None, True) else
                         f"  got {norm_title(r.get('title'))!r} want {want_title!r}"))

    def summary(rows):
        f1s = [r[2] for r in rows]
        titles = [r[3] for r in rows if r[3] is not None]
        return (statistics.mean(f1s), statistics.median(f1s),
                sum(titles) / len(titles) if titles else 1.0, len(rows), len(titles))

    print(f"{'system':8} {'pages':6} {'n':>4} {'mean F1':>8} {'median':>7} {'title':>7}")
    result = {}
    for s in systems:
        for part in ("tune", "held", "all"):
            rows = [r for r in scores[s] if part == "all" or r[1] == part]
            mean, median, title, n, nt = summary(rows)
            result[(s, part)] = (mean, title)
            print(f"{s:8} {part:6} {n:4d} {mean:8.4f} {median:7.4f} {title:7.1%}  ({nt} titles)")
        print(f"{s:8} wall time for all pages: {seconds[s]:.1f} s")
    failed = False
    mean, title = result[("meute", "all")]
    if args.min_f1 is not None and mean < args.min_f1:
        print(f"FAIL: Meute's mean F1 {mean:.4f} is under the floor {args.min_f1}")
        failed = True
    if args.min_title is not None and title < args.min_title:
        print(f"FAIL: Meute's exact titles {title:.3f} are under the floor {args.min_title}")
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

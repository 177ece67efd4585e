#!/usr/bin/env python3
"""Builds a JSON Lines corpus of real French text from Debian's French documentation.

    tests/bench/make_debian_fr_corpus.py OUT.jsonl [--docs 10000]

Reads what these Debian packages install (bench only, not needed by CI):
    apt-get install -y manpages-fr debian-reference-fr maint-guide-fr debian-handbook
- the French HTML of the Debian Administrator's Handbook, the Debian Reference and the
  New Maintainers' Guide, cut into sections at every <h1>..<h4> heading;
- the French manual pages (groff), with the formatting requests and escapes stripped,
  cut into sections at every .SH / .SS heading.
Sections are cut again into pieces of at most MAX_WORDS words, so that one record is
about the size of a news item. Records are written in a fixed order (sorted paths) as
kind "news" with id, title, text, a date (a fixed day of January 2026, so that two
runs write the same bytes); the id names the source file. Stops after --docs records (default 10,000).
"""
import argparse
import gzip
import html.parser
import json
import os
import re
import sys

MAX_WORDS = 180
MIN_WORDS = 20

HTML_ROOTS = [
    ("handbook", "/usr/share/doc/debian-handbook/html/fr-FR", re.compile(r"\.html$")),
    ("reference", "/usr/share/debian-reference", re.compile(r"\.fr\.html$")),
    ("maint-guide", "/usr/share/doc/maint-guide-fr/html", re.compile(r"\.fr\.html$")),
]
MAN_ROOT = "/usr/share/man/fr"


class Sections(html.parser.HTMLParser):
    """Collects (heading, text) pairs: a new section at every h1..h4."""

    SKIP = {"script", "style", "head", "nav"}
    HEADINGS = {"h1", "h2", "h3", "h4"}
    BLOCKS = {"p", "div", "li", "pre", "tr", "dt", "dd", "br", "table", "section"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections = []
        self.heading = []
        self.text = []
        self.in_heading = 0
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.HEADINGS:
            self.flush()
            self.in_heading += 1
        elif tag in self.BLOCKS:
            self.text.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self.HEADINGS:
            self.in_heading = max(0, self.in_heading - 1)
        elif tag in self.BLOCKS:
            self.text.append("\n")

    def handle_data(self, data):
        if self.skip:
            return
        (self.heading if self.in_heading else self.text).append(data)

    def flush(self):
        title = " ".join("".join(self.heading).split())
        body = "".join(self.text)
        if title or body.strip():
            self.sections.append((title, body))
        self.heading, self.text = [], []


ROFF_ESCAPES = re.compile(r"\\f(\[[^\]]*\]|\(..|.)|\\s[-+]?\d+|\\\*(\(..|\[[^\]]*\]|.)|\\[&|^%:~0 ]")
ROFF_CHARS = {"(em": "—", "(en": "–", "(aq": "'", "(dq": '"', "(lq": "“", "(rq": "”",
              "(Fo": "«", "(Fc": "»", "(bu": "•", "(co": "©", "(rg": "®", "(hy": "-",
              "(ti": "~", "(ha": "^", "(ga": "`", "(cq": "'", "(oq": "'"}


def roff_text(line):
    line = ROFF_ESCAPES.sub("", line)
    line = re.sub(r"\\(\(..)", lambda m: ROFF_CHARS.get(m.group(1), ""), line)
    line = re.sub(r"\\\[[^\]]*\]", "", line)
    line = line.replace("\\-", "-").replace("\\e", "\\").replace("\\(", "(")
    return line.replace('"', "") if line.startswith(".") else line


def man_sections(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    name = os.path.basename(path).split(".")[0]
    sections, heading, text = [], name, []
    for raw in lines:
        if raw.startswith(('.\\"', "'\\\"", '.so ')):
            continue
        m = re.match(r"^\.(SH|SS)\s*(.*)$", raw)
        if m:
            if text:
                sections.append((heading, "\n".join(text)))
            heading, text = "%s — %s" % (name, roff_text(m.group(2)).strip().strip('"')), []
            continue
        m = re.match(r"^\.(B|I|BI|BR|IB|IR|RB|RI|SM|SB|TP|IP|Nm|Nd|Ar|Fl|Op|Pa)\b\s*(.*)$", raw)
        if m:
            text.append(roff_text(m.group(2)).replace('"', ""))
        elif raw.startswith((".", "'")):
            continue
        else:
            text.append(roff_text(raw))
    if text:
        sections.append((heading, "\n".join(text)))
    return sections


def pieces(words):
    """Cuts a word list into pieces of at most MAX_WORDS words, of near-equal size."""
    n = max(1, -(-len(words) // MAX_WORDS))
    size = -(-len(words) // n)
    return [words[i:i + size] for i in range(0, len(words), size)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out")
    ap.add_argument("--docs", type=int, default=10000)
    args = ap.parse_args()

    sources = []  # (source, path, loader)
    for source, root, pattern in HTML_ROOTS:
        for dirpath, _, files in os.walk(root):
            for name in sorted(files):
                if pattern.search(name):
                    sources.append((source, os.path.join(dirpath, name), "html"))
    for dirpath, _, files in os.walk(MAN_ROOT):
        for name in sorted(files):
            sources.append(("man", os.path.join(dirpath, name), "man"))
    sources.sort(key=lambda s: (s[0] == "man", s[1]))  # the HTML books first, then man pages
    if not sources:
        sys.exit("make_debian_fr_corpus.py: no French documentation found; install "
                 "manpages-fr debian-reference-fr maint-guide-fr debian-handbook")

    written = 0
    per_source = {}
    with open(args.out, "w", encoding="utf-8") as out:
        for source, path, loader in sources:
            if written >= args.docs:
                break
            if loader == "html":
                parser = Sections()
                with open(path, encoding="utf-8", errors="replace") as f:
                    parser.feed(f.read())
                parser.close()
                parser.flush()
                sections = parser.sections
            else:
                sections = man_sections(path)
            stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", os.path.relpath(path, "/usr/share"))
            for s, (title, body) in enumerate(sections):
                words = body.split()
                if len(words) < MIN_WORDS:
                    continue
                title = title or os.path.basename(path)
                for p, part in enumerate(pieces(words)):
                    if written >= args.docs:
                        break
                    paragraphs = " ".join(part)
                    record = {
                        "id": "debian-fr-%s-%d-%d" % (stem, s, p),
                        "kind": "news",
                        "title": title if p == 0 else "%s (%d)" % (title, p + 1),
                        "text": paragraphs,
                        "date": "2026-01-%02d" % (1 + written % 28),
                    }
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                    written += 1
                    per_source[source] = per_source.get(source, 0) + 1
    print("make_debian_fr_corpus.py: %d records (%s) in %s" % (
        written, ", ".join("%s %d" % kv for kv in sorted(per_source.items())), args.out),
        file=sys.stderr)
    if written < args.docs:
        print("make_debian_fr_corpus.py: fewer records than --docs %d" % args.docs,
              file=sys.stderr)


if __name__ == "__main__":
    main()

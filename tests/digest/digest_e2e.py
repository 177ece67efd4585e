#!/usr/bin/env python3
"""End-to-end tests of `meute digest` and `meute map` on the bundled corpus.

Usage: digest_e2e.py TEST --meute BIN --source SRC_DIR --work WORK_DIR

TEST is one of: setup, formats, deterministic, xss, email, sendmail, chromium,
map, usage, speed. `setup` indexes corpora/occitanie plus testdata/hostile.jsonl
(records whose title, text, funder, source and URL hold <script>, onerror= and
javascript:) into WORK_DIR/db and builds the model; the others use that
database. Only the Python standard library is used.
"""

import argparse
import email
import email.policy
import glob
import html.parser
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

WEEK = "2026-W48"
CLUSTERS = 16


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def run(args, expect=0, **kwargs):
    proc = subprocess.run(args, capture_output=True, text=True, **kwargs)
    if expect is not None and proc.returncode != expect:
        fail("%s exited %d (expected %d)\nstdout: %s\nstderr: %s" %
             (" ".join(args), proc.returncode, expect, proc.stdout[-2000:], proc.stderr[-2000:]))
    return proc


class Context:
    def __init__(self, ns):
        self.meute = ns.meute
        self.source = ns.source
        self.work = ns.work
        self.db = os.path.join(ns.work, "db")

    def digest(self, fmt, out, *extra, expect=0):
        os.makedirs(out, exist_ok=True)
        return run([self.meute, "digest", "--db", self.db, "--week", WEEK, "--format", fmt,
                    "--out", out, "-q", *extra], expect=expect)

    def digest_all(self, fmt):
        out = tempfile.mkdtemp(prefix="digest-%s-" % fmt, dir=self.work)
        self.digest(fmt, out, "--all")
        files = sorted(glob.glob(os.path.join(out, "%s-*.%s" % (WEEK, fmt))))
        check(len(files) == CLUSTERS, "expected %d %s digests, got %d" % (CLUSTERS, fmt, len(files)))
        return out, files


# ---- HTML inspection --------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "background", "poster", "data"}


class Inspector(html.parser.HTMLParser):
    """Collects what could run: elements, event attributes, URLs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.attributes = []  # (tag, name, value)
        self.text = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.in_style = tag == "style"
        for name, value in attrs:
            self.attributes.append((tag, name, value or ""))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if not self.in_style:
            self.text.append(data)


def inspect_html(path):
    with open(path, encoding="utf-8") as f:
        page = f.read()
    parser = Inspector()
    parser.feed(page)
    parser.close()
    return page, parser


def assert_nothing_runs(path):
    page, p = inspect_html(path)
    name = os.path.basename(path)
    for tag in ("script", "iframe", "object", "embed", "img", "link", "base", "form", "foreignobject"):
        check(tag not in p.tags, "%s: has a <%s> element" % (name, tag))
    for tag, attr, value in p.attributes:
        check(not attr.startswith("on"), "%s: <%s %s=...> event attribute" % (name, tag, attr))
        if attr in URL_ATTRIBUTES:
            v = "".join(value.split()).lower()
            # mailto: is the answer links' (accept / reject / already known).
            check(v.startswith(("https://", "http://", "mailto:")),
                  "%s: <%s %s=%r> is not an http(s) or mailto: URL" % (name, tag, attr, value))
        check("javascript:" not in "".join(value.split()).lower() or attr in ("title", "aria-label"),
              "%s: javascript: in <%s %s>" % (name, tag, attr))
        if tag == "meta" and attr == "http-equiv":
            check(value.lower() != "refresh", "%s: meta refresh" % name)
    # No external resource anywhere: CSS url()/@import, or src attributes.
    check("url(" not in page and "@import" not in page, "%s: CSS fetches something" % name)
    return page, p


# ---- PNG inspection ---------------------------------------------------------

def png_stats(path):
    """(width, height, distinct colours) of an 8-bit RGB/RGBA PNG."""
    with open(path, "rb") as f:
        data = f.read()
    check(data[:8] == b"\x89PNG\r\n\x1a\n", "%s is not a PNG" % path)
    pos, idat, width, height, color_type = 8, b"", 0, 0, 0
    while pos < len(data):
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if ctype == b"IHDR":
            width, height, depth, color_type = struct.unpack(">IIBB", chunk[:10])
            check(depth == 8 and color_type in (2, 6), "unexpected PNG format")
        elif ctype == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    bpp = 3 if color_type == 2 else 4
    stride = width * bpp
    colours = set()
    prev = bytearray(stride)
    i = 0
    for _ in range(height):
        ftype = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ftype == 1:
                line[x] = (line[x] + a) & 255
            elif ftype == 2:
                line[x] = (line[x] + b) & 255
            elif ftype == 3:
                line[x] = (line[x] + ((a + b) >> 1)) & 255
            elif ftype == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pred) & 255
        for x in range(0, stride, bpp * 3):  # Every third pixel is plenty.
            colours.add(bytes(line[x:x + 3]))
        prev = line
    return width, height, len(colours)


def render(path, png, width=375, height=2000):
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(chromium):
        print("SKIP: no chromium")
        sys.exit(0)
    profile = tempfile.mkdtemp(prefix="chromium-")
    try:
        proc = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--user-data-dir=" + profile, "--window-size=%d,%d" % (width, height),
             "--screenshot=" + png, "--enable-logging=stderr", "--v=0",
             "file://" + os.path.abspath(path)],
            capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    check(os.path.exists(png), "chromium wrote no screenshot:\n" + proc.stderr[-3000:])
    console = [line for line in proc.stderr.splitlines()
               if "CONSOLE" in line or "Refused to" in line or "Content Security Policy" in line
               or "Uncaught" in line or "ERR_" in line]
    check(not console, "console errors while rendering %s:\n%s" % (path, "\n".join(console)))
    w, h, colours = png_stats(png)
    check((w, h) == (width, height), "screenshot is %dx%d" % (w, h))
    check(colours >= 12, "screenshot of %s looks blank (%d colours)" % (path, colours))
    return colours


# ---- Tests ------------------------------------------------------------------

def test_setup(ctx):
    shutil.rmtree(ctx.work, ignore_errors=True)
    os.makedirs(ctx.work)
    run([ctx.meute, "index", "--db", ctx.db, "-q", os.path.join(ctx.source, "corpora", "occitanie"),
         os.path.join(ctx.source, "tests", "digest", "testdata", "hostile.jsonl")])
    run([ctx.meute, "model", "build", "--db", ctx.db])


def test_formats(ctx):
    _, md = ctx.digest_all("md")
    text = open(os.path.join(os.path.dirname(md[0]), WEEK + "-mipyrail.md"), encoding="utf-8").read()
    for needle in ("# Mipyrail — semaine 2026-W48", "lundi 23 novembre 2026", "## Appels à projets à saisir",
                   "## Partenaires à appeler", "## Thèmes transverses qui montent",
                   "## Donneurs d’ordres", "## À lire"):
        check(needle in text, "mipyrail.md lacks %r" % needle)
    _, js = ctx.digest_all("json")
    ids = set()
    for path in js:
        d = json.load(open(path, encoding="utf-8"))
        check(d["format_version"] == 1 and d["week"] == WEEK and d["today"] == "2026-11-23",
              "%s: header fields" % path)
        for key in ("cluster", "subject", "headline", "open_calls", "calls", "partners", "themes",
                    "buyers", "news"):
            check(key in d, "%s lacks %s" % (path, key))
        ids.add(d["cluster"]["id"])
        for c in d["calls"]:
            if c["days_left"] is not None:
                check(c["days_left"] >= 0, "%s: closed call %s" % (path, c["id"]))
            check(c["closing_soon"] or c["is_new"] or c["score"] >= 0.3, "%s: call %s shown" % (path, c["id"]))
        check(len(d["calls"]) <= 4 and len(d["partners"]) <= 3 and len(d["news"]) <= 4, "%s: sizes" % path)
    check(len(ids) == CLUSTERS, "cluster ids %s" % sorted(ids))
    mip = json.load(open(os.path.join(os.path.dirname(js[0]), WEEK + "-mipyrail.json"), encoding="utf-8"))
    closing = [c for c in mip["calls"] if c["closing_soon"]]
    check(closing, "mipyrail has no closing call in %s" % WEEK)
    check(all(closing[i]["days_left"] <= closing[i + 1]["days_left"] for i in range(len(closing) - 1)),
          "closing calls not soonest first")
    check(any(c["consortium"] for c in mip["calls"]), "no consortium suggested to mipyrail")
    check(mip["partners"], "no partner suggested to mipyrail")
    check(any("J-" in open(p, encoding="utf-8").read() for p in md), "no countdown in any digest")
    _, pages = ctx.digest_all("html")
    for page in pages:
        assert_nothing_runs(page)
        _, p = inspect_html(page)
        check("svg" in p.tags, "%s has no svg" % page)
    _, mails = ctx.digest_all("eml")
    print("formats: %d x md, json, html, eml" % CLUSTERS)


def test_deterministic(ctx):
    for fmt in ("json", "html", "eml", "md"):
        a, files_a = ctx.digest_all(fmt)
        b, files_b = ctx.digest_all(fmt)
        for x, y in zip(files_a, files_b):
            check(open(x, "rb").read() == open(y, "rb").read(), "%s differs between runs" % os.path.basename(x))


def test_xss(ctx):
    out, pages = ctx.digest_all("html")
    seen_hostile = 0
    for page in pages:
        text_page, p = assert_nothing_runs(page)
        text = "".join(p.text)
        if "<script>alert(1)</script>" in text or "onerror=alert(1)" in text:
            seen_hostile += 1
    # The hostile records must really be in some digest (as text), or this
    # test would prove nothing.
    check(seen_hostile >= 1, "no digest shows the hostile records")
    mip, p = assert_nothing_runs(os.path.join(out, WEEK + "-mipyrail.html"))
    text = "".join(p.text)
    # The hostile call copies a real call's text, so indexing links it as that
    # call's near-duplicate and digests show the original; the hostile news
    # items above are the ones shown as text. Nothing of them may run anywhere.
    check("&lt;script&gt;" in mip, "hostile markup not escaped in the source")
    # The map page too.
    map_path = os.path.join(ctx.work, "map-xss.html")
    run([ctx.meute, "map", "--db", ctx.db, "--out", map_path, "-q"])
    assert_nothing_runs(map_path)
    # And the e-mail's HTML part.
    out_eml = tempfile.mkdtemp(prefix="eml-", dir=ctx.work)
    ctx.digest("eml", out_eml, "--cluster", "mipyrail")
    msg = email.message_from_binary_file(open(os.path.join(out_eml, WEEK + "-mipyrail.eml"), "rb"),
                                         policy=email.policy.default)
    html_part = msg.get_body(preferencelist=("html",)).get_content()
    path = os.path.join(out_eml, "part.html")
    open(path, "w", encoding="utf-8").write(html_part)
    assert_nothing_runs(path)
    print("xss: %d digests show the hostile records as text, nothing runs" % seen_hostile)


def test_email(ctx):
    out, mails = ctx.digest_all("eml")
    js_out, _ = ctx.digest_all("json")
    for path in mails:
        raw = open(path, "rb").read()
        check(all(len(line) <= 998 for line in raw.split(b"\r\n")), "%s: line too long" % path)
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        check(msg.get_content_type() == "multipart/alternative", "%s: %s" % (path, msg.get_content_type()))
        parts = list(msg.iter_parts())
        check([p.get_content_type() for p in parts] == ["text/plain", "text/html"], "%s: parts" % path)
        for part in parts:
            check(part.get_content_charset() == "utf-8", "%s: charset" % path)
            check(part["Content-Transfer-Encoding"] in ("quoted-printable", "base64"), "%s: cte" % path)
            content = part.get_content()
            check(len(content) > 500, "%s: empty part" % path)
        cluster = os.path.basename(path)[len(WEEK) + 1:-4]
        expected = json.load(open(os.path.join(js_out, "%s-%s.json" % (WEEK, cluster)), encoding="utf-8"))
        check(str(msg["Subject"]) == expected["subject"],
              "%s: subject %r != %r" % (path, str(msg["Subject"]), expected["subject"]))
        check("=?utf-8?b?" in raw.decode("ascii").lower(), "%s: subject not RFC 2047 encoded" % path)
        check(msg["Date"].datetime.isoformat() == "2026-11-23T07:00:00+01:00", "%s: Date %s" % (path, msg["Date"]))
        check(msg["Message-ID"].startswith("<digest.2026-W48.%s." % cluster), "%s: Message-ID" % path)
        check(msg["From"].addresses[0].addr_spec == "meute@localhost", "%s: From" % path)
        check(msg["MIME-Version"] == "1.0", "%s: MIME-Version" % path)
        text = parts[0].get_content()
        check("semaine 2026-W48" in text, "%s: text part" % path)
    mip = email.message_from_binary_file(open(os.path.join(out, WEEK + "-mipyrail.eml"), "rb"),
                                         policy=email.policy.default)
    subject = str(mip["Subject"])
    check(subject.startswith("Meute · Mipyrail · semaine 48 — ") and "à" in subject,
          "mipyrail subject %r" % subject)
    # Configurable addresses, with an accented display name.
    out2 = tempfile.mkdtemp(prefix="eml2-", dir=ctx.work)
    ctx.digest("eml", out2, "--cluster", "qualimediterranee", "--from", "Agence régionale <veille@region.example>",
               "--to", "Animation {name} <{cluster}@clusters.example>")
    msg = email.message_from_binary_file(open(os.path.join(out2, WEEK + "-qualimediterranee.eml"), "rb"),
                                         policy=email.policy.default)
    check(msg["From"].addresses[0].display_name == "Agence régionale", "From %r" % str(msg["From"]))
    check(msg["To"].addresses[0].display_name == "Animation Qualiméditerranée", "To %r" % str(msg["To"]))
    check(msg["To"].addresses[0].addr_spec == "qualimediterranee@clusters.example", "To addr")
    print("email: %d messages parse; subject e.g. %s" % (len(mails), subject))


def test_sendmail(ctx):
    spool = tempfile.mkdtemp(prefix="spool-", dir=ctx.work)
    catcher = os.path.join(ctx.work, "catch.py")
    with open(catcher, "w") as f:
        f.write("import sys, os, email, email.policy\n"
                "data = sys.stdin.buffer.read()\n"
                "msg = email.message_from_bytes(data, policy=email.policy.default)\n"
                "assert msg.get_content_type() == 'multipart/alternative'\n"
                "import tempfile\n"
                "fd, _ = tempfile.mkstemp(suffix='.eml', dir=sys.argv[1])\n"
                "os.write(fd, data)\n"
                "os.close(fd)\n")
    proc = run([ctx.meute, "digest", "--db", ctx.db, "--week", WEEK, "--all", "--format", "eml",
                "--sendmail", "%s %s %s" % (sys.executable, catcher, spool)])
    check(len(os.listdir(spool)) == CLUSTERS, "sendmail got %d messages" % len(os.listdir(spool)))
    check("16 sent" in proc.stderr, "summary: %s" % proc.stderr)
    # A command that exits without reading: an error naming it, not a SIGPIPE death.
    proc = run([ctx.meute, "digest", "--db", ctx.db, "--week", WEEK, "--cluster", "mipyrail",
                "--format", "eml", "--sendmail", "false"], expect=1)
    # Once, as a shell says it, never a raw wait status (issue 15).
    check(proc.stderr.count('sendmail command "false" exited with status 1') == 1,
          "stderr: %s" % proc.stderr)
    check("status 256" not in proc.stderr, "stderr: %s" % proc.stderr)
    print("sendmail: %d messages piped" % CLUSTERS)


def test_chromium(ctx):
    out = tempfile.mkdtemp(prefix="render-", dir=ctx.work)
    ctx.digest("html", out, "--cluster", "mipyrail")
    colours = render(os.path.join(out, WEEK + "-mipyrail.html"), os.path.join(out, "mipyrail.png"))
    print("chromium: mipyrail digest rendered at 375 px, %d colours, no console error" % colours)


def test_map(ctx):
    path = os.path.join(ctx.work, "map.html")
    proc = run([ctx.meute, "map", "--db", ctx.db, "--out", path])
    page, p = assert_nothing_runs(path)
    check(p.tags.count("circle") == CLUSTERS, "map has %d cluster circles" % p.tags.count("circle"))
    check(p.tags.count("path") >= CLUSTERS, "map has %d links" % p.tags.count("path"))
    text = "".join(p.text)
    for needle in ("Paires à rapprocher", "Déjà partenaires", "Thèmes transverses", "Mipyrail", "Cosmed"):
        check(needle in text, "map lacks %r" % needle)
    colours = render(path, os.path.join(ctx.work, "map.png"), width=1000, height=1400)
    path2 = os.path.join(ctx.work, "map2.html")
    run([ctx.meute, "map", "--db", ctx.db, "--out", path2, "-q"])
    check(open(path, "rb").read() == open(path2, "rb").read(), "map differs between runs")
    print("map: %s; rendered with %d colours" % (proc.stderr.strip(), colours))


def test_usage(ctx):
    out = tempfile.mkdtemp(prefix="usage-", dir=ctx.work)
    base = [ctx.meute, "digest", "--db", ctx.db, "--out", out, "--format", "md"]
    run(base + ["--week", "2026-W54", "--all"], expect=2)
    run(base + ["--week", "2026-48", "--all"], expect=2)
    run(base + ["--week", WEEK], expect=2)  # Neither --cluster nor --all.
    run(base + ["--week", WEEK, "--all", "--cluster", "mipyrail"], expect=2)
    run(base + ["--week", WEEK, "--cluster", "no-such-cluster"], expect=5)
    run(base + ["--week", WEEK, "--format", "pdf", "--all"], expect=2)
    run([ctx.meute, "digest", "--db", os.path.join(ctx.work, "nowhere"), "--week", WEEK, "--all",
         "--out", out], expect=5)
    run([ctx.meute, "digest", "--db", ctx.db, "--week", WEEK, "--cluster", "mipyrail", "--format", "eml",
         "--out", out, "--to", "x@y.example\r\nBcc: z@example.org"], expect=2)
    run([ctx.meute, "map", "--db", ctx.db, "--out", os.path.join(out, "m.html"), "--as-of", "hier"], expect=2)


def test_speed(ctx):
    out = tempfile.mkdtemp(prefix="speed-", dir=ctx.work)
    times = []
    for _ in range(3):
        start = time.monotonic()
        ctx.digest("html", out, "--all")
        times.append(time.monotonic() - start)
    print("speed: meute digest --all --format html (%d clusters): best %.2f s, runs %s" %
          (CLUSTERS, min(times), ", ".join("%.2f" % t for t in times)))


TESTS = {name[5:]: fn for name, fn in globals().items() if name.startswith("test_")}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("test", choices=sorted(TESTS))
    parser.add_argument("--meute", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--work", required=True)
    ns = parser.parse_args()
    ctx = Context(ns)
    if ns.test != "setup" and not os.path.isdir(ctx.db):
        fail("no database at %s: run the setup test first" % ctx.db)
    TESTS[ns.test](ctx)
    print("ok: " + ns.test)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""End-to-end tests of `meute digest` and `meute map` on the bundled corpus.

Usage: digest_e2e.py TEST --meute BIN --source SRC_DIR --work WORK_DIR

TEST is one of: setup, formats, deterministic, xss, email, email_render,
picture, sendmail, chromium, map, usage, speed. `setup` indexes corpora/occitanie plus testdata/hostile.jsonl
(records whose title, text, funder, source and URL hold <script>, onerror= and
javascript:) into WORK_DIR/db and builds the model; the others use that
database. Only the Python standard library is used.
"""

import argparse
import base64
import email
import email.policy
import glob
import html
import html.parser
import json
import os
import re
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


def assert_nothing_runs(path, cid_images=False):
    """No script, event, frame, form or external resource; with cid_images,
    <img> elements are allowed when their src is a cid: reference (the
    e-mail's own PNG part)."""
    page, p = inspect_html(path)
    name = os.path.basename(path)
    forbidden = ("script", "iframe", "object", "embed", "link", "base", "form", "foreignobject")
    for tag in forbidden + (() if cid_images else ("img",)):
        check(tag not in p.tags, "%s: has a <%s> element" % (name, tag))
    for tag, attr, value in p.attributes:
        if tag == "img" and attr == "src":
            check(value.startswith("cid:"), "%s: <img src=%r> is not a cid: reference" % (name, value))
    for tag, attr, value in p.attributes:
        check(not attr.startswith("on"), "%s: <%s %s=...> event attribute" % (name, tag, attr))
        if attr in URL_ATTRIBUTES and not (cid_images and tag == "img" and attr == "src"):
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


def chromium_run(path, extra, width, height):
    # Chromium is a test dependency (scripts/install-deps.sh): never skipped.
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    check(os.path.exists(chromium), "no chromium: run scripts/install-deps.sh")
    profile = tempfile.mkdtemp(prefix="chromium-")
    try:
        return subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--user-data-dir=" + profile, "--window-size=%d,%d" % (width, height),
             "--enable-logging=stderr", "--v=0", *extra, "file://" + os.path.abspath(path)],
            capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def render(path, png, width=375, height=2000, styles_blocked=False):
    proc = chromium_run(path, ["--screenshot=" + png], width, height)
    check(os.path.exists(png), "chromium wrote no screenshot:\n" + proc.stderr[-3000:])
    console = [line for line in proc.stderr.splitlines()
               if "CONSOLE" in line or "Refused to" in line or "Content Security Policy" in line
               or "Uncaught" in line or "ERR_" in line]
    if styles_blocked:  # The refusals to apply styles are the point.
        console = [line for line in console if "style" not in line.lower()]
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
    assert_nothing_runs(path, cid_images=True)
    print("xss: %d digests show the hostile records as text, nothing runs" % seen_hostile)


def mail_parts(path):
    """(message, text/plain part, text/html part, {content-id: image part})
    of a digest e-mail, checking its MIME structure: multipart/alternative
    of text/plain and either text/html or multipart/related (text/html first,
    then image/png parts with a Content-ID)."""
    msg = email.message_from_binary_file(open(path, "rb"), policy=email.policy.default)
    check(msg.get_content_type() == "multipart/alternative", "%s: %s" % (path, msg.get_content_type()))
    top = list(msg.iter_parts())
    check(len(top) == 2 and top[0].get_content_type() == "text/plain", "%s: parts %s" %
          (path, [p.get_content_type() for p in top]))
    images = {}
    if top[1].get_content_type() == "multipart/related":
        inner = list(top[1].iter_parts())
        check(top[1].get_param("type") == "text/html", "%s: related type" % path)
        check(inner[0].get_content_type() == "text/html", "%s: related root %s" % (path, inner[0].get_content_type()))
        for part in inner[1:]:
            check(part.get_content_type() == "image/png", "%s: related part %s" % (path, part.get_content_type()))
            check(part["Content-Transfer-Encoding"] == "base64", "%s: image cte" % path)
            cid = str(part["Content-ID"]).strip()
            check(cid.startswith("<") and cid.endswith(">"), "%s: Content-ID %r" % (path, cid))
            images[cid[1:-1]] = part
        html_part = inner[0]
    else:
        check(top[1].get_content_type() == "text/html", "%s: %s" % (path, top[1].get_content_type()))
        html_part = top[1]
    for part in (top[0], html_part):
        check(part.get_content_charset() == "utf-8", "%s: charset" % path)
        check(part["Content-Transfer-Encoding"] in ("quoted-printable", "base64"), "%s: cte" % path)
        check(len(part.get_content()) > 500, "%s: empty part" % path)
    return msg, top[0], html_part, images


def check_mail_html(path, html, images):
    """No <style>, no <svg>, every element inline-styled, every cid: resolved."""
    p = Inspector()
    p.feed(html)
    p.close()
    check("style" not in p.tags, "%s: the HTML part has a <style> element" % path)
    check("svg" not in p.tags, "%s: the HTML part has inline SVG" % path)
    styled = {tag for tag, name, _ in p.attributes if name == "style"}
    for tag in ("body", "section", "h2", "li"):
        check(tag in styled, "%s: no inline style on <%s>" % (path, tag))
    cids = [v[4:] for tag, name, v in p.attributes if tag == "img" and name == "src"]
    for cid in cids:
        check(cid in images, "%s: <img src=cid:%s> names no part (parts %s)" % (path, cid, sorted(images)))
        png = images[cid].get_content()
        check(png[:8] == b"\x89PNG\r\n\x1a\n", "%s: cid:%s is not a PNG" % (path, cid))
    check(sorted(cids) == sorted(images), "%s: unreferenced image parts %s" % (path, sorted(set(images) - set(cids))))
    return cids


def test_email(ctx):
    out, mails = ctx.digest_all("eml")
    js_out, _ = ctx.digest_all("json")
    pictures = 0
    for path in mails:
        raw = open(path, "rb").read()
        check(all(len(line) <= 998 for line in raw.split(b"\r\n")), "%s: line too long" % path)
        msg, text_part, html_part, images = mail_parts(path)
        cluster = os.path.basename(path)[len(WEEK) + 1:-4]
        expected = json.load(open(os.path.join(js_out, "%s-%s.json" % (WEEK, cluster)), encoding="utf-8"))
        cids = check_mail_html(path, html_part.get_content(), images)
        # librsvg is a dependency: every digest with partners has its PNG.
        check(bool(cids) == bool(expected["partners"]), "%s: %d pictures for %d partners" %
              (path, len(cids), len(expected["partners"])))
        pictures += len(cids)
        check(str(msg["Subject"]) == expected["subject"],
              "%s: subject %r != %r" % (path, str(msg["Subject"]), expected["subject"]))
        check("=?utf-8?b?" in raw.decode("ascii").lower(), "%s: subject not RFC 2047 encoded" % path)
        check(msg["Date"].datetime.isoformat() == "2026-11-23T07:00:00+01:00", "%s: Date %s" % (path, msg["Date"]))
        check(msg["Message-ID"].startswith("<digest.2026-W48.%s." % cluster), "%s: Message-ID" % path)
        check(msg["From"].addresses[0].addr_spec == "meute@localhost", "%s: From" % path)
        check(msg["MIME-Version"] == "1.0", "%s: MIME-Version" % path)
        check("semaine 2026-W48" in text_part.get_content(), "%s: text part" % path)
    mip = email.message_from_binary_file(open(os.path.join(out, WEEK + "-mipyrail.eml"), "rb"),
                                         policy=email.policy.default)
    subject = str(mip["Subject"])
    check(subject.startswith("Meute · Mipyrail · semaine 48 — ") and "à" in subject,
          "mipyrail subject %r" % subject)
    # The table fallback: no image part, the picture's content as a table.
    out_t = tempfile.mkdtemp(prefix="eml-table-", dir=ctx.work)
    ctx.digest("eml", out_t, "--cluster", "mipyrail", "--email-picture", "table")
    path = os.path.join(out_t, WEEK + "-mipyrail.eml")
    _, _, html_part, images = mail_parts(path)
    check(not images, "%s: --email-picture table still holds images" % path)
    check_mail_html(path, html_part.get_content(), images)
    mip_json = json.load(open(os.path.join(js_out, WEEK + "-mipyrail.json"), encoding="utf-8"))
    check('<table role="presentation"' in html_part.get_content(), "%s: no picture table" % path)
    for p in mip_json["partners"]:
        check(html.escape(p["cluster"]["name"], quote=False) in html_part.get_content(),
              "%s: table lacks %s" % (path, p["cluster"]["name"]))
    # librsvg is loaded (dlopen) by the e-mails that draw a PNG only.
    def maps_librsvg(fmt):
        out_l = tempfile.mkdtemp(prefix="ld-%s-" % fmt, dir=ctx.work)
        proc = run([ctx.meute, "digest", "--db", ctx.db, "--week", WEEK, "--cluster", "mipyrail",
                    "--format", fmt, "--out", out_l, "-q"], env=dict(os.environ, LD_DEBUG="files"))
        return re.search(r"file=\S*librsvg-2\.so\S* \[\d+\];\s+generating link map", proc.stderr) is not None
    check(not maps_librsvg("html"), "meute digest --format html maps librsvg")
    check(maps_librsvg("eml"), "meute digest --format eml does not load librsvg")
    # Configurable addresses, with an accented display name.
    out2 = tempfile.mkdtemp(prefix="eml2-", dir=ctx.work)
    ctx.digest("eml", out2, "--cluster", "qualimediterranee", "--from", "Agence régionale <veille@region.example>",
               "--to", "Animation {name} <{cluster}@clusters.example>")
    msg = email.message_from_binary_file(open(os.path.join(out2, WEEK + "-qualimediterranee.eml"), "rb"),
                                         policy=email.policy.default)
    check(msg["From"].addresses[0].display_name == "Agence régionale", "From %r" % str(msg["From"]))
    check(msg["To"].addresses[0].display_name == "Animation Qualiméditerranée", "To %r" % str(msg["To"]))
    check(msg["To"].addresses[0].addr_spec == "qualimediterranee@clusters.example", "To addr")
    print("email: %d messages parse, %d cid: PNG pictures resolve, no <style>, no <svg>; subject e.g. %s" %
          (len(mails), pictures, subject))


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


def mail_page(ctx, out, cluster, *extra):
    """The HTML part of CLUSTER's e-mail digest as a mail client shows it:
    cid: references replaced by the parts they name (data: URLs)."""
    ctx.digest("eml", out, "--cluster", cluster, *extra)
    path = os.path.join(out, "%s-%s.eml" % (WEEK, cluster))
    _, _, html_part, images = mail_parts(path)
    page = html_part.get_content()
    check_mail_html(path, page, images)
    for cid, part in images.items():
        data = "data:image/png;base64," + base64.b64encode(part.get_content()).decode("ascii")
        page = page.replace('src="cid:%s"' % cid, 'src="%s"' % data)
    return page


def test_email_render(ctx):
    """The e-mail's HTML part in headless Chromium as a mail client shows it
    (inline styles, the cid: picture), then with every style refused (a
    second CSP, style-src 'none'), as a client that strips styles: the
    screenshot is not blank and the text holds every section."""
    out = tempfile.mkdtemp(prefix="mail-render-", dir=ctx.work)
    sections = ("Appels à projets à saisir", "Partenaires à appeler", "Thèmes transverses qui montent",
                "Donneurs d’ordres", "À lire")
    summary = []
    for extra, kind in (((), "png"), (("--email-picture", "table"), "table")):
        page = mail_page(ctx, out, "mipyrail", *extra)
        styled = os.path.join(out, "mail-%s.html" % kind)
        open(styled, "w", encoding="utf-8").write(page)
        colours = render(styled, os.path.join(out, "mail-%s.png" % kind), width=360)
        bare = os.path.join(out, "mail-%s-nostyle.html" % kind)
        open(bare, "w", encoding="utf-8").write(page.replace(
            "<head>", "<head><meta http-equiv=\"Content-Security-Policy\" content=\"style-src 'none'\">", 1))
        bare_colours = render(bare, os.path.join(out, "mail-%s-nostyle.png" % kind), width=360,
                              styles_blocked=True)
        dom = chromium_run(bare, ["--dump-dom"], 360, 2000).stdout
        text = "".join(inspect_text(dom))
        for needle in sections:
            check(needle in text, "%s picture, styles off: the page lacks %r" % (kind, needle))
        if kind == "png":
            # The picture itself brings colours even without any style.
            check(bare_colours >= 12, "styles off, the picture did not show (%d colours)" % bare_colours)
        summary.append("%s picture: %d colours styled, %d unstyled" % (kind, colours, bare_colours))
    print("email_render: mipyrail at 360 px; " + "; ".join(summary))


def inspect_text(page):
    p = Inspector()
    p.feed(page)
    p.close()
    return p.text


class SvgText(html.parser.HTMLParser):
    """The lines (<tspan>s) of each <g class="partner"> and <g class="link">
    of a digest picture, of each <text> of a map, the viewBox and font sizes,
    and the <title> of each <path>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.groups = {"partner": [], "link": []}
        self.texts = []  # Lines of each <text>.
        self.path_titles = []
        self.view_boxes = []
        self.font_sizes = []
        self.group = None
        self.in_tspan = False
        self.in_path_title = False
        self.stack = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.stack.append(tag)
        if tag == "svg":
            self.view_boxes.append(a.get("viewbox"))
        if "font-size" in a:
            self.font_sizes.append(float(a["font-size"]))
        if tag == "g" and a.get("class") in self.groups:
            self.group = a["class"]
            self.groups[self.group].append([])
        if tag == "text":
            self.texts.append([])
        if tag == "tspan":
            self.in_tspan = True
            self.texts[-1].append("")
            if self.group:
                self.groups[self.group][-1].append("")
        if tag == "title" and len(self.stack) >= 2 and self.stack[-2] == "path":
            self.in_path_title = True
            self.path_titles.append("")

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()
        if tag == "g":
            self.group = None
        if tag == "tspan":
            self.in_tspan = False
        if tag == "title":
            self.in_path_title = False

    def handle_data(self, data):
        if self.in_tspan:
            self.texts[-1][-1] += data
            if self.group:
                self.groups[self.group][-1][-1] += data
        if self.in_path_title:
            self.path_titles[-1] += data


def unwrap(lines):
    """Wrapped lines joined back: a space between lines, none after a cut
    word's "-"."""
    out = ""
    for line in lines:
        if out.endswith("-"):
            out = out[:-1] + line
        else:
            out = (out + " " + line) if out else line
    return out


def svg_of(page):
    start = page.find("<svg")
    check(start >= 0, "no <svg> in the page")
    p = SvgText()
    p.feed(page[start:page.find("</svg>", start) + 6])
    p.close()
    return p


def test_picture(ctx):
    """Each cluster's picture shows that cluster's own partners, in the order
    `meute partners` gives, and on each link the themes the two share; the
    pictures differ from one cluster to another; no label is cut; text is
    14 units in a 360-wide viewBox (12 px on a 360 px phone)."""
    js_out, js = ctx.digest_all("json")
    html_out, pages = ctx.digest_all("html")
    seen = {}
    for path in js:
        d = json.load(open(path, encoding="utf-8"))
        cluster = d["cluster"]["id"]
        if not d["partners"]:
            continue
        ranked = json.loads(run([ctx.meute, "partners", "--db", ctx.db, "--cluster", cluster, "--as-of",
                                 d["today"], "--limit", "0", "--json"]).stdout)["partners"]
        ranked_ids = [p["id"] for p in ranked if p["id"] != cluster]
        ids = [p["cluster"]["id"] for p in d["partners"]]
        check(ids == ranked_ids[:len(ids)], "%s: digest partners %s, meute partners %s" %
              (cluster, ids, ranked_ids[:len(ids)]))
        page = open(os.path.join(html_out, "%s-%s.html" % (WEEK, cluster)), encoding="utf-8").read()
        svg = svg_of(page)
        check(svg.view_boxes[0].split()[2] == "360", "%s: viewBox %s" % (cluster, svg.view_boxes[0]))
        check(min(svg.font_sizes) >= 14, "%s: font sizes %s" % (cluster, sorted(set(svg.font_sizes))))
        names = [unwrap(lines) for lines in svg.groups["partner"]]
        check(names == [p["cluster"]["name"] for p in d["partners"]],
              "%s: picture partners %s" % (cluster, names))
        labels = [unwrap(lines) for lines in svg.groups["link"]]
        for p, label in zip(d["partners"], labels):
            themes = p["shared_themes"][:2]
            expected = " ".join(themes) if themes else "sans thème commun nommé"
            check(label == expected, "%s → %s: link label %r, expected %r (cut or wrong)" %
                  (cluster, p["cluster"]["id"], label, expected))
        check(d["cluster"]["name"] in [unwrap(t) for t in svg.texts], "%s: cluster name cut" % cluster)
        seen[cluster] = (tuple(names), tuple(labels))
    check(len(seen) >= CLUSTERS - 2, "only %d clusters have partners" % len(seen))
    distinct = len(set(seen.values()))
    check(distinct == len(seen), "%d clusters but %d distinct pictures" % (len(seen), distinct))
    with_themes = sum(1 for names, labels in seen.values() if any(l != "sans thème commun nommé" for l in labels))
    check(with_themes >= len(seen) // 2, "only %d pictures name a shared theme" % with_themes)
    print("picture: %d clusters, %d distinct pictures, %d naming shared themes, partners as `meute partners`" %
          (len(seen), distinct, with_themes))


def test_map(ctx):
    path = os.path.join(ctx.work, "map.html")
    proc = run([ctx.meute, "map", "--db", ctx.db, "--out", path])
    page, p = assert_nothing_runs(path)
    check(p.tags.count("circle") == CLUSTERS, "map has %d cluster circles" % p.tags.count("circle"))
    text = "".join(p.text)
    for needle in ("Paires à rapprocher", "Déjà partenaires", "Thèmes transverses", "Mipyrail", "Cosmed"):
        check(needle in text, "map lacks %r" % needle)
    # Links only above the threshold (default 40 %, said in the legend).
    check("atteint 40\u202f% (seuil)" in text, "the legend does not state the threshold")
    svg = svg_of(page)
    strengths = [int(x) for t in svg.path_titles for x in re.findall(r" : (\d+)\u202f%", t)[:1]]
    check(len(strengths) == len(svg.path_titles) and strengths, "link titles %s" % svg.path_titles[:3])
    check(min(strengths) >= 40, "a link below the threshold: %d %%" % min(strengths))
    path_hi = os.path.join(ctx.work, "map-hi.html")
    run([ctx.meute, "map", "--db", ctx.db, "--out", path_hi, "-q", "--min-strength", "0.6"])
    hi = svg_of(open(path_hi, encoding="utf-8").read())
    hi_strengths = [int(re.findall(r" : (\d+)\u202f%", t)[0]) for t in hi.path_titles]
    check(all(x >= 60 for x in hi_strengths), "--min-strength 0.6 drew %s" % sorted(hi_strengths)[:3])
    check(len(hi_strengths) < len(strengths), "a higher threshold drew as many links")
    # Readable on a phone, names never cut.
    check(svg.view_boxes[0].split()[2] == "360", "map viewBox %s" % svg.view_boxes[0])
    check(min(svg.font_sizes) >= 14, "map font sizes %s" % sorted(set(svg.font_sizes)))
    _, js = ctx.digest_all("json")
    names = {json.load(open(f, encoding="utf-8"))["cluster"]["name"] for f in js}
    drawn = {unwrap(t) for t in svg.texts}
    check(names <= drawn, "map names cut or missing: %s" % sorted(names - drawn))
    colours = render(path, os.path.join(ctx.work, "map.png"), width=360, height=1400)
    path2 = os.path.join(ctx.work, "map2.html")
    run([ctx.meute, "map", "--db", ctx.db, "--out", path2, "-q"])
    check(open(path, "rb").read() == open(path2, "rb").read(), "map differs between runs")
    print("map: %s; %d links drawn (min %d %%), %d at --min-strength 0.6; rendered at 360 px with %d colours" %
          (proc.stderr.strip(), len(strengths), min(strengths), len(hi_strengths), colours))


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

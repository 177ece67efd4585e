#!/usr/bin/env python3
"""End-to-end test of digest feedback on the real `meute` binary.

Usage: feedback_e2e.py --meute BIN --source SRC_DIR --work WORK_DIR

Indexes corpora/occitanie into WORK_DIR/db and builds the model, then: every
digest format carries suggestion ids (and answer links in HTML); a rejected
partner leaves the next digest, which says why, and survives a rebuild of the
index and of the model; undo brings it back; bad ids and replies are refused
with FILE:LINE; two imports at once lose nothing; the expiry from the
configuration brings a rejected suggestion back; eval-feedback runs and its
control cluster is unaffected. Only the Python standard library is used.
"""

import argparse
import email
import email.policy
import json
import os
import shutil
import subprocess
import sys

WEEK = "2026-W48"
CLUSTER = "mipyrail"


def fail(message):
    print("FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def run(args, expect=0):
    proc = subprocess.run(args, capture_output=True, text=True)
    if expect is not None and proc.returncode != expect:
        fail("%s exited %d (expected %d)\nstdout: %s\nstderr: %s" %
             (" ".join(args), proc.returncode, expect, proc.stdout[-2000:], proc.stderr[-2000:]))
    return proc


class Ctx:
    def __init__(self, ns):
        self.meute, self.source, self.work = ns.meute, ns.source, ns.work
        self.db = os.path.join(self.work, "db")

    def build(self):
        run([self.meute, "index", "--db", self.db, os.path.join(self.source, "corpora", "occitanie")])
        run([self.meute, "model", "build", "--db", self.db, "--quiet"])

    def digest(self, fmt, week=WEEK):
        out = os.path.join(self.work, "out-" + fmt)
        shutil.rmtree(out, ignore_errors=True)
        run([self.meute, "digest", "--db", self.db, "--week", week, "--cluster", CLUSTER,
             "--format", fmt, "--out", out, "-q", "--from", "Veille <veille@example.org>"])
        with open(os.path.join(out, "%s-%s.%s" % (week, CLUSTER, fmt)), encoding="utf-8") as f:
            return f.read()

    def feedback(self, *args, expect=0):
        return run([self.meute, "feedback", "--db", self.db, *args], expect=expect)

    def partners(self, week=WEEK):
        return [p["cluster"]["id"] for p in json.loads(self.digest("json", week))["partners"]]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--meute", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--work", required=True)
    ctx = Ctx(parser.parse_args())
    shutil.rmtree(ctx.work, ignore_errors=True)
    os.makedirs(ctx.work)
    ctx.build()

    # 1. Ids in every format; answer links in HTML and e-mail.
    d = json.loads(ctx.digest("json"))
    check(d["partners"] and d["calls"], "the digest of %s has no partner or no call" % CLUSTER)
    partner = d["partners"][0]["cluster"]["id"]
    pid = "%s/partner/%s" % (CLUSTER, partner)
    check(d["partners"][0]["suggestion_id"] == pid, "partner suggestion id: %r" % d["partners"][0])
    call = d["calls"][0]["id"]
    check(d["calls"][0]["suggestion_id"] == "%s/call/%s" % (CLUSTER, call), "call suggestion id")
    check(pid in ctx.digest("md"), "Markdown lacks %s" % pid)
    page = ctx.digest("html")
    check("mailto:veille@example.org?subject=meute%20reject%20" + pid.replace("/", "%2F") in page,
          "HTML lacks the reject mailto: link of %s" % pid)
    mail = email.message_from_string(ctx.digest("eml"), policy=email.policy.default)
    html_part = next(p for p in mail.walk() if p.get_content_type() == "text/html").get_content()
    check("mailto:veille@example.org?subject=meute%20known%20" in html_part,
          "e-mail lacks the already-known link")

    # 1b. Every digest written is logged with its ids; a reply whose id no
    # digest held is refused, even when the id is a real suggestion.
    sent_log = os.path.join(ctx.db, "meute.sent.jsonl")
    check(os.path.exists(sent_log), "meute digest wrote no sent-digest log")
    with open(sent_log, encoding="utf-8") as f:
        logged = [json.loads(line) for line in f if line.strip()]
    check(any(pid in e["ids"] and e["week"] == WEEK and e["cluster"] == CLUSTER for e in logged),
          "the sent-digest log lacks %s" % pid)
    shown = {p["cluster"]["id"] for p in d["partners"]} | {CLUSTER}
    clusters = [json.loads(line)["id"] for line in
                open(os.path.join(ctx.source, "corpora", "occitanie", "clusters.jsonl"),
                     encoding="utf-8") if line.strip()]
    never = next(c for c in clusters if c not in shown)
    unsent = os.path.join(ctx.work, "unsent.csv")
    with open(unsent, "w", encoding="utf-8") as f:
        f.write("id,answer,author,date\n%s/partner/%s,reject,zoe,2026-11-24\n" % (CLUSTER, never))
    p = ctx.feedback("import", unsent, expect=3)
    check("unsent.csv:2: %s/partner/%s was in no digest sent" % (CLUSTER, never) in p.stderr, p.stderr)
    check("zoe" not in ctx.feedback("list").stdout, "a reply to no digest was stored")
    p = ctx.feedback("--cluster", CLUSTER, "--reject", "partner:" + never, "--date", "2026-11-24",
                     "--author", "zoe")  # Typed by hand: no digest needed.
    ctx.feedback("--cluster", CLUSTER, "--undo", "partner:" + never, "--date", "2026-11-24")

    # 1c. Buyers: the need in the buyer's words, members with their shared
    # words (never the buyer's place or name), hidden by a reject until the
    # configured expiry.
    check(d["buyers"], "the digest of %s shows no buyer" % CLUSTER)
    buyer = d["buyers"][0]
    news = {}
    for name in ("news-2025.jsonl", "news-2026.jsonl"):
        with open(os.path.join(ctx.source, "corpora", "occitanie", name), encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    r = json.loads(line)
                    news[r["id"]] = r
    item = news[buyer["news_id"]]
    check(buyer["need"].rstrip("…") in " ".join(item["text"].split()) or
          buyer["need"].rstrip("…") in item["title"], "need not literal: %r" % buyer["need"])
    check(buyer["members"] and all(m["skills"] for m in buyer["members"]), "buyer members: %r" % buyer)
    for m in buyer["members"]:
        for w in m["skills"]:
            check(w[:1].islower() or w.isupper(), "buyer reason %r of %s looks like a name" % (w, m["id"]))
    bid = "buyer:" + buyer["news_id"]
    ctx.feedback("--cluster", CLUSTER, "--reject", bid, "--date", "2026-11-20")
    ids = [b["news_id"] for b in json.loads(ctx.digest("json"))["buyers"]]
    check(buyer["news_id"] not in ids, "rejected buyer item still shown")
    with open(os.path.join(ctx.db, "meute.feedback.toml"), "w", encoding="utf-8") as f:
        f.write("[feedback]\nexpiry_days = 3\n")
    ids = [b["news_id"] for b in json.loads(ctx.digest("json"))["buyers"]]
    check(buyer["news_id"] in ids, "expired buyer reject still hides %s" % buyer["news_id"])
    os.remove(os.path.join(ctx.db, "meute.feedback.toml"))
    ctx.feedback("--cluster", CLUSTER, "--undo", bid, "--date", "2026-11-20")

    # 2. Reject: gone from the next digest, said why; survives rebuilds.
    ctx.feedback("--cluster", CLUSTER, "--reject", "partner:" + partner, "--reason",
                 "déjà partenaires", "--author", "ana", "--date", "2026-11-20")
    listing = ctx.feedback("list").stdout
    check(pid in listing and "reject" in listing and "ana" in listing and "déjà partenaires" in listing,
          "list does not show the answer:\n" + listing)
    check(partner not in ctx.partners(), "rejected partner %s still suggested" % partner)
    check("depuis votre refus" in ctx.digest("md"), "the digest does not say what feedback hid")
    ctx.build()  # Re-index and rebuild the model: the answers stay.
    check(pid in ctx.feedback("list").stdout, "the answer did not survive a rebuild")
    check(partner not in ctx.partners(), "rejected partner back after a rebuild")

    # 3. Expiry from the configuration: 7 days later, with expiry_days = 3.
    with open(os.path.join(ctx.db, "meute.feedback.toml"), "w", encoding="utf-8") as f:
        f.write("[feedback]\nexpiry_days = 3\n")
    check(partner in ctx.partners(), "expired reject still hides %s" % partner)
    os.remove(os.path.join(ctx.db, "meute.feedback.toml"))

    # 4. Undo: back.
    ctx.feedback("--cluster", CLUSTER, "--undo", "partner:" + partner, "--date", "2026-11-21")
    check(partner in ctx.partners(), "undone reject still hides %s" % partner)
    check("undone by" in ctx.feedback("list").stdout, "list does not mark the undone answer")
    ctx.feedback("--cluster", CLUSTER, "--undo", "partner:" + partner, expect=5)

    # 5. Bad ids refused clearly.
    p = ctx.feedback("--cluster", "nope", "--reject", "partner:" + partner, expect=5)
    check("unknown cluster \"nope\"" in p.stderr, p.stderr)
    p = ctx.feedback("--cluster", CLUSTER, "--reject", "partner:nope", expect=5)
    check("unknown partner cluster \"nope\"" in p.stderr, p.stderr)
    p = ctx.feedback("--cluster", CLUSTER, "--reject", "friend:x", expect=2)
    check("unknown suggestion kind" in p.stderr, p.stderr)
    mbox = os.path.join(ctx.work, "replies.mbox")
    with open(mbox, "w", encoding="utf-8") as f:
        f.write("From a@x Mon Nov 23 08:00:00 2026\nFrom: a@x.org\nDate: Mon, 23 Nov 2026 08:00:00 +0100\n"
                "Subject: Re: meute known %s/call/%s\n\nOn travaille déjà dessus.\n\n"
                "From b@x Mon Nov 23 09:00:00 2026\nFrom: b@x.org\nDate: Mon, 23 Nov 2026 09:00:00 +0100\n"
                "Subject: Re: meute reject %s/call/call-that-never-was\n\nNon.\n" % (CLUSTER, call, CLUSTER))
    p = ctx.feedback("import", mbox, expect=3)
    check("replies.mbox:8: unknown call \"call-that-never-was\"" in p.stderr, p.stderr)
    check("1 stored" in p.stderr, p.stderr)
    check(call not in [c["id"] for c in json.loads(ctx.digest("json"))["calls"]],
          "call answered known by mail still shown")
    p = ctx.feedback("import", mbox, expect=3)
    check("0 stored" in p.stderr and "1 already stored" in p.stderr, "re-import stored again: " + p.stderr)

    # 6. Two imports at once lose nothing.
    others = [c for c in d["partners"][1:]] or fail("need two partners")
    files = []
    for n in range(2):
        path = os.path.join(ctx.work, "form%d.csv" % n)
        with open(path, "w", encoding="utf-8") as f:
            f.write("id,answer,author,date\n")
            for day in range(1, 21):
                f.write("%s/partner/%s,accept,form%d,2026-10-%02d\n" %
                        (CLUSTER, others[0]["cluster"]["id"], n, day))
        files.append(path)
    procs = [subprocess.Popen([ctx.meute, "feedback", "--db", ctx.db, "import", path],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for path in files]
    for proc in procs:
        check(proc.wait() == 0, "concurrent import failed: %s" % proc.stderr.read())
    count = sum(1 for line in ctx.feedback("list").stdout.splitlines() if "\tform" in line)
    check(count == 40, "concurrent imports stored %d answers, not 40" % count)

    # 7. The simulation runs and a cluster without feedback is unaffected.
    p = run([ctx.meute, "eval-feedback", "--db", ctx.db, "--weeks", "3", "--as-of", "2026-11-23",
             "--truth", os.path.join(ctx.source, "corpora", "eval", "consortium.tsv")])
    check("identical to those" in p.stdout and p.stdout.count("\n") >= 6, p.stdout)
    print("feedback e2e: ok")


if __name__ == "__main__":
    main()

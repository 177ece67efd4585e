#!/usr/bin/env bash
# End-to-end: index the bundled corpus, build the model, and check what each
# recommender command answers (JSON), including failure modes.
set -euo pipefail
meute=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/db
py=/usr/bin/python3

"$meute" index --db "$db" -q "$src/corpora/occitanie"
"$meute" model build --db "$db" --quiet
test -f "$db/meute.model"

# model info
"$meute" model info --db "$db" --json > "$work/info.json"
$py - "$work/info.json" <<'PY'
import json, sys
i = json.load(open(sys.argv[1]))
assert i["format_version"] == 2, i
assert i["k"] == 128 and i["documents"] > 900, i
assert len(i["cluster_profiles"]) == 16, i["cluster_profiles"]
assert i["glossary_entries"] > 400, i
PY

# --dictionaries: a folder without FreeDict's files is a clear error (not found, exit 5);
# Debian's dict-freedict-eng-fra/fra-eng, when installed, add their entries.
rc=0
"$meute" model build --db "$db" --out "$work/dict.model" --dictionaries "$work/none" \
  2> "$work/err" || rc=$?
[[ $rc -eq 5 ]] || { echo "missing dictionaries: exit $rc, expected 5"; exit 1; }
grep -q 'freedict-eng-fra.index' "$work/err"
if [[ -f /usr/share/dictd/freedict-eng-fra.index ]]; then
  "$meute" model build --db "$db" --out "$work/dict.model" --dictionaries /usr/share/dictd --quiet
  "$meute" model info --model "$work/dict.model" --json > "$work/dict.json"
  $py - "$work/info.json" "$work/dict.json" <<'PY'
import json, sys
plain, dicts = (json.load(open(p)) for p in sys.argv[1:3])
assert dicts["glossary_entries"] > plain["glossary_entries"] + 4000, (plain, dicts)
PY
fi

# A corrupt model is refused with a clear message and exit 1.
cp "$db/meute.model" "$work/good.model"
printf 'garbage' | dd of="$db/meute.model" bs=1 seek=100 conv=notrunc status=none
if "$meute" model info --db "$db" 2> "$work/err"; then echo "corrupt model accepted"; exit 1; fi
grep -q "corrupt model file" "$work/err"
cp "$work/good.model" "$db/meute.model"

# Consortium for a transverse call (hydrogen trains: rail, hydrogen, powertrain).
"$meute" consortium --db "$db" --call call-readynov-hydrogene-trains-regionaux \
  --include-closed --json > "$work/consortium.json"
$py - "$work/consortium.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
ids = [x["id"] for x in c["clusters"]]
assert 2 <= len(ids) <= 4, ids
needed = {"mipyrail", "derbi", "automotech"}
assert len(needed & set(ids)) >= 2, ids
for x in c["clusters"][:2]:
    assert x["brings"] and x["members"], x
    assert all(m["organisation"] for m in x["members"]), x
assert "uncovered" in c and c["needs"], c
PY
# Names are no reasons: across every call, no need and no word a cluster
# "brings" is a word the corpus only writes with a capital ("Corse",
# "Garonne"); acronyms ("IA", "H2") may be.
"$meute" consortium --db "$db" --all-calls --include-closed --json > "$work/all.json"
$py - "$work/all.json" <<'PY'
import json, re, sys
title = re.compile(r"^[A-ZÀ-Þ][a-zß-ÿ\-]+$")
n = 0
for c in json.load(open(sys.argv[1])):
    words = [t["word"] for t in c["needs"]] + [t["word"] for x in c["clusters"] for t in x["brings"]]
    for w in words:
        n += 1
        assert not title.match(w), (c["call"], w)
assert n > 500, n
PY
# Closed calls need --include-closed; unknown calls are exit 5.
if "$meute" consortium --db "$db" --call call-readynov-hydrogene-trains-regionaux \
    --as-of 2030-01-01 > /dev/null 2>&1; then echo "closed call answered"; exit 1; fi
set +e
"$meute" consortium --db "$db" --call no-such-call > /dev/null 2>&1
rc=$?
set -e
test "$rc" -eq 5

# Calls for a cluster: open on the date, ranked, with deadlines and reasons.
"$meute" calls --db "$db" --cluster france-water-team --as-of 2026-06-01 --json > "$work/calls.json"
$py - "$work/calls.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["calls"]
assert c, "no open call"
assert all(x["deadline"] >= "2026-06-01" for x in c if x["deadline"]), c
assert [x["score"] for x in c] == sorted([x["score"] for x in c], reverse=True)
assert c[0]["terms"], c[0]
PY

# Themes: readable labels (words, not stems), stable ids across two runs.
"$meute" themes --db "$db" --as-of 2026-11-25 --json > "$work/themes1.json"
"$meute" themes --db "$db" --as-of 2026-11-25 --json > "$work/themes2.json"
$py - "$work/themes1.json" "$work/themes2.json" <<'PY'
import json, sys
a = json.load(open(sys.argv[1])); b = json.load(open(sys.argv[2]))
assert a["k"] >= 2 and a["themes"], a
labels = " ".join(t["label"] for t in a["themes"])
assert "hydrogène" in labels, labels   # surface form, not the stem "hydrogen"
for t in a["themes"]:
    for term in t["terms"]:
        assert term["word"], t
    assert 0.0 <= t["transversality"] <= 1.0, t
    assert "z" in t["trend"] and "p_value" in t["trend"], t
assert [t["id"] for t in a["themes"]] == [t["id"] for t in b["themes"]]
PY
# Theme labels are words of the corpus as written (not stems such as
# "soustrait" from "sous-traitance"), and no function word ("son", "sous",
# "least", ...): the analyzer's stop list misses some, labels must not.
$py - "$work/themes1.json" "$src/corpora/occitanie" <<'PY'
import glob, json, os, re, sys
themes = json.load(open(sys.argv[1]))["themes"]
written = set()
for name in glob.glob(os.path.join(sys.argv[2], "*.jsonl")):
    for line in open(name, encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            for field in ("title", "text", "name", "organisation"):
                written.update(re.findall(r"\w+", str(r.get(field, "")).lower()))
function_words = set("""
au aux avec ce ces dans de des du elle en et eux il je la le les leur leurs lui ma mais me mes
moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sous sur ta te tes ton tu
un une vos votre vous entre plus très tout tous toute toutes comme dont donc aussi autre autres
chez sans selon vers être avoir fait a an the and or of to in on at by for with from into over
up down out least most three two one four five some any all each its it this that these those
is are was were be been has have had not no than then so such very can will would should
""".split())
assert themes
for t in themes:
    assert t["label"], t
    for term in t["terms"]:
        w = term["word"]
        assert w.lower() not in function_words, (w, t["label"])
        assert w.lower() in written, ("not a word of the corpus", w, t["label"])
PY

# Theme label phrases (ThemeOptions::label_phrases): each is written, as it
# is shown (the capital of a title's first word aside), by at least two
# records of the corpus, holds no name (no capitalised word after the first)
# and most themes have some. No label word is a piece of an organisation's
# name: a word shown alone that the corpus writes more often inside a name
# (capitalised next to another capitalised word: "Robotics Place", "Agri
# Sud-Ouest") than in lower case ("place", "ouest") is none.
$py - "$work/themes1.json" "$src/corpora/occitanie" <<'PY'
import glob, json, os, re, sys
themes = json.load(open(sys.argv[1]))["themes"]
written = []
for name in glob.glob(os.path.join(sys.argv[2], "*.jsonl")):
    for line in open(name, encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            written.append(r.get("title", "") + "\n" + r.get("text", ""))
texts = [x.replace("\u2019", "'").lower() for x in written]
cap = r"[A-ZÀ-Þ][a-zß-ÿ]+"
with_phrases = 0
for t in themes:
    phrases = [term["phrase"] for term in t["terms"] if term.get("phrase")]
    with_phrases += bool(phrases)
    for p in phrases:
        assert p in t["label"], (p, t["label"])
        words = p.replace("-", " ").split()
        assert len(words) >= 2, p
        for w in words[1:]:
            assert not (w[0].isupper() and w[1:].islower()), ("a name in a label phrase", p)
        needle = p.replace("\u2019", "'").lower()
        assert sum(needle in x for x in texts) >= 2, ("label phrase written by < 2 records", p)
    for term in t["terms"]:
        w = term["word"]
        if term.get("phrase") or not w.islower():
            continue
        c = re.escape(w[0].upper() + w[1:])
        in_name = re.compile(r"(?:\b" + cap + "[ -]" + c + r"\b|\b" + c + "[ -]" + cap + r"\b)")
        lower = sum(bool(re.search(r"\b" + re.escape(w) + r"\b", x)) for x in written)
        named = sum(bool(in_name.search(x)) for x in written)
        assert named <= lower, ("a piece of a name as a theme label", w, t["label"], named, lower)
assert with_phrases * 2 > len(themes), (with_phrases, len(themes))
PY

# Reasons in the credited unit's own words (recommend/own_words.h): every word a
# cluster "brings" or a member "covers" is a word of that unit's own record
# fields (not merely a word sharing its stem: "élevé" does not give "élèves", "port" not
# "porte"), never a function word nor an interrogative; an English need's French
# match is a word of the unit credited with it.
"$meute" consortium --db "$db" --all-calls --include-closed --json > "$work/all.json"
$py - "$work/all.json" "$src/corpora/occitanie" <<'PY'
import glob, json, os, re, sys
consortia = json.load(open(sys.argv[1]))
words_of, units_of, lang_of = {}, {}, {}
for name in glob.glob(os.path.join(sys.argv[2], "*.jsonl")):
    for line in open(name, encoding="utf-8"):
        if not line.strip():
            continue
        r = json.loads(line)
        # Every field the index analyses (title, text, skills, sectors...).
        text = " ".join(str(v) for k, v in r.items() if k not in ("id", "source", "date")).lower()
        words_of[r["id"]] = set(re.findall(r"\w+", text))
        lang_of[r["id"]] = r.get("lang", "fr")
        if r.get("kind") == "cluster":
            units_of.setdefault(r["id"], set()).add(r["id"])
        for c in r.get("clusters", []):
            units_of.setdefault(c, set()).add(r["id"])
function_words = set("combien comment pourquoi quand quel quelle quels quelles dont où ainsi "
                     "très plus moins tout tous le la les des du de".split())
checked = 0
for k in consortia:
    for cl in k["clusters"]:
        for m in cl["members"]:
            for w in m["words"]:
                assert w.lower() in words_of[m["id"]], (k["call"], m["id"], w)
                assert w.lower() not in function_words, (k["call"], m["id"], w)
                checked += 1
        for t in cl["brings"]:
            assert any(t["word"].lower() in words_of[u] for u in units_of[cl["id"]]), \
                (k["call"], cl["id"], t["word"])
            checked += 1
    for n in k["needs"]:
        if lang_of[k["call"]] == "en" and n["by"] and n["word"]:
            assert n["word"].lower() in words_of[n["by"]], (k["call"], n)
assert checked > 300, checked
PY

# Partners: complementary clusters with reasons.
"$meute" partners --db "$db" --cluster mipyrail --as-of 2026-06-01 --json > "$work/partners.json"
$py - "$work/partners.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))["partners"]
assert p and all(x["id"] != "mipyrail" for x in p), p
assert p[0]["calls"] or p[0]["themes"], p[0]
assert p[0]["members"] and p[0]["terms"], p[0]
PY
# The state file that `model build --db` leaves beside the model
# (recommend/mapped_state.h): consortium and calls answer the same with it
# (records read from it, not from the index) and without it.
test -s "$db/meute.model.state"
state_answers() {
  "$meute" consortium --db "$db" --call call-readynov-hydrogene-trains-regionaux \
    --include-closed --json > "$work/$1.consortium.json"
  "$meute" calls --db "$db" --cluster france-water-team --as-of 2026-06-01 --include-closed \
    --json > "$work/$1.calls.json"
  "$meute" partners --db "$db" --cluster france-water-team --as-of 2026-06-01 --limit 0 \
    --json > "$work/$1.partners.json"
  # Today (after every document: the stored themes) and a day before some.
  "$meute" themes --db "$db" --no-save --json > "$work/$1.themes.json"
  "$meute" themes --db "$db" --as-of 2026-03-01 --no-save --json > "$work/$1.themes-march.json"
}
state_answers mapped
mv "$db/meute.model.state" "$work/saved.state"
state_answers computed
cmp "$work/mapped.consortium.json" "$work/computed.consortium.json"
cmp "$work/mapped.calls.json" "$work/computed.calls.json"
cmp "$work/mapped.partners.json" "$work/computed.partners.json"
cmp "$work/mapped.themes.json" "$work/computed.themes.json"
cmp "$work/mapped.themes-march.json" "$work/computed.themes-march.json"
# A damaged state file is read, reported and ignored.
head -c 100000 "$work/saved.state" > "$db/meute.model.state"
"$meute" calls --db "$db" --cluster france-water-team --as-of 2026-06-01 --include-closed \
  --json > "$work/damaged.calls.json" 2> "$work/err"
grep -q 'warning: state file .* (ignored: computing from the index)' "$work/err"
cmp "$work/damaged.calls.json" "$work/computed.calls.json"
# A state file of the older format 3 (no consortium seats) is not read
# (nightly's model build rewrites it): the answers are computed, the same.
python3 - "$work/saved.state" "$db/meute.model.state" <<'PY'
import sys
b = bytearray(open(sys.argv[1], "rb").read())
b[8] = 3  # The format version (recommend/mapped_state.h).
open(sys.argv[2], "wb").write(b)
PY
"$meute" calls --db "$db" --cluster france-water-team --as-of 2026-06-01 --include-closed \
  --json > "$work/v1.calls.json"
cmp "$work/v1.calls.json" "$work/computed.calls.json"
mv "$work/saved.state" "$db/meute.model.state"
# A model file of format 1 (before the stored recommender state) is refused,
# with the command that rebuilds it.
cp "$src/recommend/testdata/model_v1.golden" "$db/meute.model"
if "$meute" consortium --db "$db" --call call-readynov-hydrogene-trains-regionaux \
  --include-closed > /dev/null 2> "$work/err"; then
  echo "a format 1 model was accepted"; exit 1
fi
grep -q 'format version 1, this meute reads version 2: rebuild it with `meute model build`' \
  "$work/err" || { echo "unclear refusal of a format 1 model:"; cat "$work/err"; exit 1; }
echo "recommend CLI: all checks passed"

#!/usr/bin/env bash
# meute eval-recommend on the bundled corpus (and the real data when
# MEUTE_DATA_DIR points at it): every metric must stay above its floor, and the
# baseline must be measured in the same run. Floors sit below the values
# measured when the recommender landed (doc/recommender.md), to catch
# regressions, not noise.
set -euo pipefail
meute=$1
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$meute" eval-recommend --json > "$out"
/usr/bin/python3 - "$out" <<'PY'
import json, os, sys
r = json.load(open(sys.argv[1]))
c = r["consortium"]["subsets"]
def floor(name, value, minimum):
    print(f"{name}: {value:.3f} (floor {minimum})")
    if value < minimum:
        sys.exit(f"FAIL: {name} below its floor")
assert r["consortium"]["calls_judged"] >= 50, "ground truth not read"
floor("all hit@3 lsa+glossary", c["all"]["lsa+glossary"]["hit@3"], 0.9)
floor("all recall@3 lsa+glossary", c["all"]["lsa+glossary"]["recall@3"], 0.7)
floor("all recall@3 tfidf baseline", c["all"]["tfidf"]["recall@3"], 0.5)
floor("need-described recall@3 lsa+glossary", c["need-described"]["lsa+glossary"]["recall@3"], 0.55)
floor("english recall@3 lsa+glossary", c["english"]["lsa+glossary"]["recall@3"], 0.6)
floor("all hit@3 consortium", c["all"]["consortium"]["hit@3"], 0.8)
floor("all recall@3 consortium", c["all"]["consortium"]["recall@3"], 0.75)
# Partners: precision at min(5, true partners) above the TF-IDF profile
# cosine of the same run, no hub in more than half of the top-5 lists, and
# reasons that hold (issue 14).
p = r["partners"]
pa = p["subsets"]["all"]
floor("partners P@min(5,n)", pa["partners"]["P@min(5,n)"], 0.92)
if pa["partners"]["P@min(5,n)"] <= pa["tfidf"]["P@min(5,n)"]:
    sys.exit("FAIL: partners do not beat the TF-IDF profile cosine (%.3f <= %.3f)"
             % (pa["partners"]["P@min(5,n)"], pa["tfidf"]["P@min(5,n)"]))
print("partners' most frequent cluster: %s in %d of %d lists"
      % (pa["partners"]["most_frequent"], pa["partners"]["most_frequent_lists"], pa["partners"]["clusters"]))
if pa["partners"]["most_frequent_lists"] * 2 > pa["partners"]["clusters"]:
    sys.exit("FAIL: a partner hub sits in more than half of the top-5 lists")
assert p["reason_calls"] > 0, p
if p["reason_calls_with_both_in_consortium"] != p["reason_calls"]:
    sys.exit("FAIL: a reason call lacks one of the two clusters in its consortium")
if p["reason_calls_ranking_asker_top3"] != p["reason_calls"]:
    sys.exit("FAIL: a reason call does not rank the asking cluster in its top 3")
floor("share of partner words in the partner's own texts",
      p["words_in_own_texts"] / p["words_shown"], 0.99)
# Themes: one theme per subject whatever the language (issue 14).
th = r["themes"]["language_neutral"]
assert th["english_calls"] > 0, th
floor("English judged calls sharing their theme with a French call of their subject",
      th["english_calls_with_french_subject"] / th["english_calls"], 0.8)
if th["english_themes"] != 0:
    sys.exit("FAIL: %d themes are mostly English" % th["english_themes"])
# Buyers (issue 14, item 6): judged needs read, the context weight is the
# dev half's choice, the digest shows Meute's answer only where it beats
# TF-IDF on the test half, and every reason word is the member's own.
b = r["buyers"]
assert b["needs"] >= 40, "buyer needs not read"
if b["dev_choice"] != b["context_weight"]:
    sys.exit("FAIL: the buyer context weight is not the one the dev half picks")
bt = b["subsets"]["test"]
floor("buyers test P@3", bt["meute"]["P@3"], 0.45)
floor("buyers test nDCG@10", bt["meute"]["nDCG@10"], 0.68)
floor("buyers test P@3 tfidf baseline", bt["tfidf"]["P@3"], 0.35)
if b["digest_method"] == "meute" and not b["meute_beats_tfidf_on_test"]:
    sys.exit("FAIL: the digest shows Meute's buyer answer, which does not beat TF-IDF on test")
assert b["reason_words_top3"] > 0, b
if b["reason_words_in_own_texts"] != b["reason_words_top3"]:
    sys.exit("FAIL: a buyer reason word is not in the member's own texts")
# Feedback (issue 19): the control cluster is unaffected, and after the
# scripted weeks feedback does not lower precision of partners or calls.
fb = r["feedback"]
if not fb["control_unchanged"]:
    sys.exit("FAIL: the control cluster's lists changed without feedback")
last = fb["weeks"][-1]
print("feedback week %d: partners P@5 %.3f (none %.3f), calls P@5 %.3f (none %.3f)"
      % (last["week"], last["partners_rocchio"], last["partners_none"], last["calls_rocchio"],
         last["calls_none"]))
if last["partners_rocchio"] < last["partners_none"] or last["calls_rocchio"] < last["calls_none"]:
    sys.exit("FAIL: feedback lowered precision@5")
if r.get("fonds_vert"):
    fv = r["fonds_vert"]
    assert fv["projects"] == 1530 and fv["calls"] == 13, fv
    floor("fonds vert acc@1 lsa+glossary", fv["cross_validated"]["lsa+glossary"]["acc@1"], 0.7)
    floor("fonds vert acc@3 lsa+glossary", fv["cross_validated"]["lsa+glossary"]["acc@3"], 0.85)
    floor("fonds vert acc@1 tfidf baseline", fv["cross_validated"]["tfidf"]["acc@1"], 0.6)
    floor("keyphrase F@10", r["keyphrases"]["F@10"], 0.3)
else:
    # Exit 77: ctest reports the test as skipped (SKIP_RETURN_CODE), not passed.
    print("real data absent (MEUTE_DATA_DIR unset or missing): Fonds vert and keyphrases not checked")
    sys.exit(77)
PY

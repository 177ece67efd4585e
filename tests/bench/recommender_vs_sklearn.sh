#!/usr/bin/env bash
# Benchmark (by hand, not in CI): model build on N generated documents, Meute
# against scikit-learn's TfidfVectorizer + TruncatedSVD(algorithm="randomized")
# with the same k, power iterations and oversampling, in one run. Reports wall
# time and peak RSS of each (GNU time -v). Results: doc/bench-recommender.md.
#
#   tests/bench/recommender_vs_sklearn.sh [BUILD_DIR] [DOCS] [K]
#   (defaults: build, 100000, 128)
#
# Both sides start from the same JSON Lines file and do their whole job:
# read, tokenise (Meute: the French analyzer with stemming; scikit-learn: its
# regex tokenizer, no stemming), TF-IDF with sublinear tf and smooth idf, the
# randomized SVD, and (Meute) writing the model file with the document vectors.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
docs=${2:-100000}
k=${3:-128}
iters=5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python=/usr/bin/python3

echo "generating $docs documents..." >&2
"$build/tools/meute" gen --docs "$docs" --seed 1 --min-words 80 --max-words 250 --out "$work/docs.jsonl"
ls -l "$work/docs.jsonl" >&2

cat > "$work/sk.py" <<'PY'
import json, sys, time
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.decomposition import TruncatedSVD
path, k, iters = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
t0 = time.time()
texts = []
with open(path, encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        texts.append(r.get("title", "") + "\n" + r.get("text", ""))
x = TfidfVectorizer(sublinear_tf=True, smooth_idf=True).fit_transform(texts)
t1 = time.time()
svd = TruncatedSVD(n_components=k, algorithm="randomized", n_iter=iters, n_oversamples=10,
                   random_state=42)
emb = svd.fit_transform(x)
t2 = time.time()
print(f"sklearn: {x.shape[0]} docs, {x.shape[1]} terms, {x.nnz} nnz; tfidf {t1-t0:.1f} s, "
      f"svd {t2-t1:.1f} s", file=sys.stderr)
PY

run() {  # name, command...
  local name=$1; shift
  /usr/bin/time -v "$@" 2> "$work/$name.time" > "$work/$name.out" || { cat "$work/$name.time" >&2; exit 1; }
  grep -v -E "^\s" "$work/$name.time" >&2 || true
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$work/$name.time" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$work/$name.time" | awk '{print $NF}')
  echo "$name $wall $rss"
}

meute_line=$(run meute "$build/tools/meute" model build --input "$work/docs.jsonl" \
  --out "$work/meute.model" --k "$k" --power-iterations "$iters" --no-glossary)
cat "$work/meute.out" >&2
sk_line=$(run sklearn "$python" "$work/sk.py" "$work/docs.jsonl" "$k" "$iters")

to_seconds() { awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }' <<< "$1"; }
read -r _ mw mr <<< "$meute_line"
read -r _ sw sr <<< "$sk_line"
ms=$(to_seconds "$mw"); ss=$(to_seconds "$sw")
echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "documents: $docs, k = $k, power iterations = $iters, oversampling = 10"
printf "%-10s %10s %14s\n" tool "wall (s)" "peak RSS (MB)"
printf "%-10s %10.1f %14.0f\n" meute "$ms" "$(echo "$mr / 1024" | bc -l)"
printf "%-10s %10.1f %14.0f\n" sklearn "$ss" "$(echo "$sr / 1024" | bc -l)"
printf "ratio meute/sklearn: time %.2f, RSS %.2f\n" "$(echo "$ms / $ss" | bc -l)" "$(echo "$mr / $sr" | bc -l)"

#!/usr/bin/env bash
# README command (1): installs the dependencies, builds Meute, indexes the
# bundled corpus (corpora/occitanie/) into out/meute.db, builds the
# recommender model, runs a sample search and a sample partner query, and
# writes one sample digest (out/digests/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh release
rm -rf out/meute.db
mkdir -p out
./build/tools/meute index --db out/meute.db corpora/occitanie/
./build/tools/meute model build --db out/meute.db
./build/tools/meute search --db out/meute.db --limit 5 "hydrogene vert"
./build/tools/meute partners --db out/meute.db --cluster mipyrail --as-of 2026-11-26 --limit 3
rm -rf out/digests
./build/tools/meute digest --db out/meute.db --cluster mipyrail --week 2026-W48 --format html \
  --out out/digests
echo "setup: database in out/meute.db, sample digest in out/digests/, binary in build/tools/meute"

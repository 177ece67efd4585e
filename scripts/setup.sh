#!/usr/bin/env bash
# README command (1): installs the dependencies, builds Meute, indexes the
# bundled corpus into out/meute.db and runs a sample search on it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh release
rm -rf out/meute.db
mkdir -p out
./build/tools/meute index --db out/meute.db corpora/
./build/tools/meute search --db out/meute.db --limit 5 "hydrogene vert"

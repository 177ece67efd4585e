#!/usr/bin/env bash
# Fetches the csv-spectrum test suite (npm package csv-spectrum 2.0.0, MIT)
# into DIR (default build/peer-suites) with the ordinary npm client, and prints
# the folder to give the CSV peer test as MEUTE_CSV_SPECTRUM_DIR. Prints
# nothing and exits 0 when npm or the registry is not there: the test then
# skips, saying so.
set -uo pipefail
dir=${1:-build/peer-suites}
command -v npm > /dev/null 2>&1 || exit 0
mkdir -p "$dir" || exit 0
if [ ! -d "$dir/csv-spectrum/csvs" ]; then
  (cd "$dir" && timeout 120 npm pack --silent csv-spectrum@2.0.0 > /dev/null 2>&1 &&
    mkdir -p csv-spectrum && tar xzf csv-spectrum-2.0.0.tgz -C csv-spectrum --strip-components=1 &&
    rm -f csv-spectrum-2.0.0.tgz) || exit 0
fi
echo "$(cd "$dir/csv-spectrum" && pwd)"

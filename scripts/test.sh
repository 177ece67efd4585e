#!/usr/bin/env bash
# README command (2): installs what is missing, builds, and runs the whole test
# suite twice: a release build, then a Debug build under AddressSanitizer and
# UndefinedBehaviorSanitizer. Real public data for the data-driven tests is
# read from MEUTE_DATA_DIR (default: ../shared/data beside the repository).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
export MEUTE_DATA_DIR=${MEUTE_DATA_DIR:-$(cd .. && pwd)/shared/data}
# csv-spectrum comes from npm, not from the shared data (empty: the test skips).
MEUTE_CSV_SPECTRUM_DIR=${MEUTE_CSV_SPECTRUM_DIR:-$(bash scripts/fetch-csv-spectrum.sh build/peer-suites)}
export MEUTE_CSV_SPECTRUM_DIR
jobs=$(nproc)

bash scripts/build.sh release
(cd build && ctest --output-on-failure -j"$jobs" --timeout 600)

bash scripts/build.sh asan
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-asan && ctest --output-on-failure -j"$jobs" --timeout 900 -LE slow)

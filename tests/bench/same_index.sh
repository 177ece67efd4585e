#!/usr/bin/env bash
# Checks that two `meute` binaries (say, before and after a change) write the
# same database from the same input: `meute index` with each into a fresh
# folder, then `index_dump` of both compared byte for byte (documents and
# their ids, data, values, terms with wdf and positions, the spelling
# dictionary and the metadata). Run by hand:
#
#   tests/bench/same_index.sh OLD_MEUTE NEW_MEUTE INPUT... [-- INDEX_FLAGS...]
#
# Environment: BUILD_DIR (build) holds tests/bench/index_dump
# (-DMEUTE_BUILD_BENCHMARKS=ON). Exit 0 if identical, 1 if not.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD_DIR:-$ROOT/build}
DUMP=$BUILD/tests/bench/index_dump
[[ $# -ge 3 ]] || { sed -n '2,11p' "$0" >&2; exit 2; }
[[ -x $DUMP ]] || { echo "same_index.sh: build index_dump first ($DUMP)" >&2; exit 2; }
old=$1 new=$2
shift 2
inputs=() flags=()
while [[ $# -gt 0 && $1 != -- ]]; do inputs+=("$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"); shift; done
[[ $# -gt 0 ]] && shift && flags=("$@")
work=$(mktemp -d /tmp/meute-same-XXXXXX)
trap 'rm -rf "$work"' EXIT
for side in old new; do
  bin=${!side}
  "$bin" index -q "${flags[@]}" --db "$work/$side.idx" "${inputs[@]}" || [[ $? -eq 3 ]]
  "$DUMP" "$work/$side.idx" >"$work/$side.dump"
done
if cmp -s "$work/old.dump" "$work/new.dump"; then
  echo "same_index.sh: identical ($(head -n 1 "$work/new.dump"), $(wc -c <"$work/new.dump") bytes of dump)"
else
  echo "same_index.sh: the databases differ; first difference:" >&2
  cmp "$work/old.dump" "$work/new.dump" >&2 || true
  exit 1
fi

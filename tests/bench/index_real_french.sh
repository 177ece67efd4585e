#!/usr/bin/env bash
# Indexing benchmark on real French text, run by hand (not in ctest): the floor
# of any Xapian indexer (tests/bench/bare_xapian_index.cc: nlohmann JSON, Xapian's
# TermGenerator, French stemmer, one core) against `meute index` (its default:
# one part per two cores, so one writer on 2 cores), `meute index --parts 2` (a
# new index written as two parts in parallel and compacted into one database,
# the compaction inside the wall time), the unchanged re-run of `meute index`,
# a full `meute nightly` build and its unchanged re-run, back to back in one
# run (checking that the three builds' index_dump outputs are identical), on
# ~10,000 records cut from Debian's French
# documentation (tests/bench/make_debian_fr_corpus.py).
#
#   tests/bench/index_real_french.sh [WORK_DIR]
#
# Bench-only packages (not in scripts/install-deps.sh; CI does not need them):
#   apt-get install -y manpages-fr debian-reference-fr maint-guide-fr debian-handbook
# Environment: DOCS (10000), BUILD_DIR (build; configured Release with the
# benchmarks on unless it is configured already), JOBS (2), ROUNDS (1: how many
# times the three rows run, one after the other).
# Prints and writes WORK_DIR/results.md: per row, wall seconds, docs/s, peak RSS
# (/usr/bin/time -v), CPU seconds, index size, load average at its start; then
# the ratios Meute/floor (docs/s, peak RSS, CPU) of each round. The machine may
# be shared: compare ratios within a round, and read the load averages.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${1:-$(mktemp -d /tmp/meute-realfr-XXXXXX)}
DOCS=${DOCS:-10000}
JOBS=${JOBS:-2}
ROUNDS=${ROUNDS:-1}
BUILD=${BUILD_DIR:-$ROOT/build}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)

for tool in /usr/bin/time python3 cmake ninja; do
  command -v "$tool" >/dev/null || { echo "index_real_french.sh: $tool is missing" >&2; exit 2; }
done

if [[ ! -f $BUILD/CMakeCache.txt ]]; then
  echo "== configuring $BUILD (Release, benchmarks on)" >&2
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DMEUTE_BUILD_BENCHMARKS=ON >/dev/null
fi
BUILD_TYPE=$(awk -F= '/^CMAKE_BUILD_TYPE:/ {print $2}' "$BUILD/CMakeCache.txt")
echo "== building ($BUILD_TYPE) in $BUILD" >&2
ninja -C "$BUILD" -j"$JOBS" meute bare_xapian_index index_dump >/dev/null
MEUTE=$(find "$BUILD" -name meute -type f -perm -u+x | head -n 1)
BARE=$(find "$BUILD" -name bare_xapian_index -type f -perm -u+x | head -n 1)
DUMP=$(find "$BUILD" -name index_dump -type f -perm -u+x | head -n 1)

CORPUS=$WORK/debian-fr.jsonl
if [[ ! -s $CORPUS ]]; then
  python3 "$ROOT/tests/bench/make_debian_fr_corpus.py" --docs "$DOCS" "$CORPUS"
fi
RECORDS=$(wc -l <"$CORPUS")
INPUT_BYTES=$(stat -c %s "$CORPUS")

cat >"$WORK/meute.toml" <<EOF
[index]
path = "$WORK/nightly.idx"
[model]
enabled = false
[[source]]
name = "debian-fr"
path = "$CORPUS"
authoritative = true
EOF

: >"$WORK/rows.tsv"

# measure NAME INDEX_PATH CMD...: times CMD with /usr/bin/time -v.
measure() {
  local name=$1 index=$2
  shift 2
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  echo "== $name (load average $load)" >&2
  sync
  /usr/bin/time -v -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" || {
    echo "index_real_french.sh: $name failed:" >&2
    tail -n 20 "$WORK/$name.err" >&2
    exit 1
  }
  local wall rss user sys size
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
    n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' \
    "$WORK/$name.time")
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$WORK/$name.time")
  user=$(awk -F': ' '/User time/ { print $2 }' "$WORK/$name.time")
  sys=$(awk -F': ' '/System time/ { print $2 }' "$WORK/$name.time")
  size=$(du -sk "$index" | cut -f1)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$wall" "$rss" "$user" "$sys" "$size" "$load" \
    >>"$WORK/rows.tsv"
}

for round in $(seq 1 "$ROUNDS"); do
  rm -rf "$WORK/bare.db" "$WORK/index.idx" "$WORK/index.idx.state" "$WORK/nightly.idx" \
    "$WORK/nightly.idx.state" "$WORK/one.idx"
  measure "bare-$round" "$WORK/bare.db" "$BARE" --db "$WORK/bare.db" "$CORPUS"
  measure "meute-index-$round" "$WORK/index.idx" "$MEUTE" index --db "$WORK/index.idx" "$CORPUS"
  measure "meute-index-parts2-$round" "$WORK/one.idx" "$MEUTE" index --parts 2 \
    --db "$WORK/one.idx" "$CORPUS"
  measure "meute-index-unchanged-$round" "$WORK/index.idx" "$MEUTE" index \
    --db "$WORK/index.idx" "$CORPUS"
  grep -q " 0 indexed, $RECORDS unchanged" "$WORK/meute-index-unchanged-$round.err" || {
    echo "index_real_french.sh: the unchanged re-run did not report 0 indexed:" >&2
    tail -n 1 "$WORK/meute-index-unchanged-$round.err" >&2
    exit 1
  }
  measure "meute-nightly-$round" "$WORK/nightly.idx" "$MEUTE" nightly --config "$WORK/meute.toml" \
    --report "$WORK/nightly-$round.json"
  measure "meute-nightly-unchanged-$round" "$WORK/nightly.idx" "$MEUTE" nightly \
    --config "$WORK/meute.toml" --report "$WORK/nightly-unchanged-$round.json"
  grep -q " 0 indexed, $RECORDS unchanged" "$WORK/meute-nightly-unchanged-$round.err" || {
    echo "index_real_french.sh: the unchanged nightly re-run did not report 0 indexed:" >&2
    tail -n 1 "$WORK/meute-nightly-unchanged-$round.err" >&2
    exit 1
  }
  # One pipeline: the three builds hold the same documents, terms, positions,
  # values, spelling and metadata (but the source lists only `meute index`
  # keeps, doc/formats.md).
  "$DUMP" "$WORK/index.idx" | grep -v '^meute\.source\.' >"$WORK/index.dump"
  for other in one nightly; do
    "$DUMP" "$WORK/$other.idx" | grep -v '^meute\.source\.' >"$WORK/$other.dump"
    cmp -s "$WORK/index.dump" "$WORK/$other.dump" || {
      echo "index_real_french.sh: $other.idx differs from index.idx (index_dump)" >&2
      exit 1
    }
  done
  echo "round $round: index_dump of index.idx, one.idx and nightly.idx identical" >&2
done

RESULTS=$WORK/results.md
python3 - "$WORK/rows.tsv" "$RECORDS" "$INPUT_BYTES" >"$RESULTS" <<'PY'
import sys
rows_file, docs, input_bytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rows, order = {}, []
for line in open(rows_file):
    name, wall, rss, user, sys_, size, load = line.rstrip("\n").split("\t")
    rows[name] = dict(wall=float(wall), rss=int(rss), cpu=float(user) + float(sys_),
                      size=int(size), load=float(load))
    order.append(name)
print("%d records, %.1f MB of JSON Lines (Debian's French documentation)\n"
      % (docs, input_bytes / 1e6))
print("| run | wall s | docs/s | peak RSS MB | CPU s (user+sys) | index MB | load avg at start |")
print("|---|---:|---:|---:|---:|---:|---:|")
for name in order:
    r = rows[name]
    print("| %s | %.1f | %.0f | %.0f | %.1f | %.1f | %.2f |" % (
        name, r["wall"], docs / r["wall"], r["rss"] / 1024, r["cpu"], r["size"] / 1024,
        r["load"]))
print()
for name in order:
    if not name.startswith("meute-"):
        continue
    rnd = name.rsplit("-", 1)[1]
    bare, r = rows["bare-" + rnd], rows[name]
    if "unchanged" in name:
        full_name = name.replace("-unchanged", "")
        full = rows[full_name]
        print("- %s: %.1f %% of the full build %s (target <= 5 %%)"
              % (name, 100 * r["wall"] / full["wall"], full_name))
        continue
    print("- %s / floor: docs/s %.2fx (target >= 1.0x, goal 1.5x), peak RSS %.2fx "
          "(target <= 1.2x), CPU %.2fx" % (name, bare["wall"] / r["wall"], r["rss"] / bare["rss"],
                                          r["cpu"] / bare["cpu"]))
PY

{
  echo
  echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores," \
    "$(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo) RAM, $(uname -sr)."
  echo "Software: $(g++ --version | head -n 1), Xapian $(xapian-config --version 2>/dev/null | awk '{print $NF}')," \
    "build $BUILD_TYPE, commit $(git -C "$ROOT" rev-parse --short HEAD)."
} >>"$RESULTS"
cat "$RESULTS"
echo "(work folder: $WORK)" >&2

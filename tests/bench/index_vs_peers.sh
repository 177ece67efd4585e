#!/usr/bin/env bash
# Indexing benchmark, run by hand (not in ctest): a full build of generated
# records by `meute nightly` against the floor of any Xapian indexer (a bare
# TermGenerator program, tests/bench/bare_xapian_index.cc) and against Xapian's
# own `omindex` (xapian-omega), on the same records, then an unchanged re-run.
#
#   tests/bench/index_vs_peers.sh [WORK_DIR]
#
# Environment: DOCS (default 100000), SEED (1), JOBS (2, build parallelism),
# BUILD_DIR (build-bench; configured RelWithDebInfo unless it is configured
# already), SHARDS_ROW (2: also time `--shards 2`; 0: skip).
# The floor runs twice: with Xapian's default flush threshold (10,000 documents,
# the bare program as anyone would write it) and with Meute's batch size
# (index::kDefaultBatchSize, XAPIAN_FLUSH_THRESHOLD=1000), so that the gain of
# the batch size is not mistaken for a gain of Meute's own code.
# Writes WORK_DIR/results.md (also printed): per tool, wall seconds, records/s,
# MB/s of the JSON Lines input, peak RSS (/usr/bin/time -v), CPU seconds,
# index size; the ratios the issue asks for; and the machine. Results of one
# run are kept in doc/bench-indexing.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${1:-$(mktemp -d /tmp/meute-bench-XXXXXX)}
DOCS=${DOCS:-100000}
SEED=${SEED:-1}
JOBS=${JOBS:-2}
BUILD=${BUILD_DIR:-$ROOT/build-bench}
SHARDS_ROW=${SHARDS_ROW:-2}
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)

for tool in /usr/bin/time omindex python3 cmake ninja; do
  command -v "$tool" >/dev/null || { echo "index_vs_peers.sh: $tool is missing" >&2; exit 2; }
done

if [[ ! -f $BUILD/CMakeCache.txt ]]; then
  echo "== configuring $BUILD (RelWithDebInfo, benchmarks on)" >&2
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DMEUTE_BUILD_BENCHMARKS=ON >/dev/null
fi
BUILD_TYPE=$(awk -F= '/^CMAKE_BUILD_TYPE:/ {print $2}' "$BUILD/CMakeCache.txt")
echo "== building ($BUILD_TYPE) in $BUILD" >&2
ninja -C "$BUILD" -j"$JOBS" meute bare_xapian_index >/dev/null
MEUTE=$(find "$BUILD" -name meute -type f -perm -u+x | head -n 1)
BARE=$(find "$BUILD" -name bare_xapian_index -type f -perm -u+x | head -n 1)

CORPUS=$WORK/corpus.jsonl
if [[ ! -s $CORPUS ]]; then
  echo "== generating $DOCS records (seed $SEED)" >&2
  "$MEUTE" gen --docs "$DOCS" --seed "$SEED" --out "$CORPUS"
fi
INPUT_BYTES=$(stat -c %s "$CORPUS")

# The same records as HTML pages for omindex (title and text; 1000 per folder).
if [[ ! -d $WORK/html ]]; then
  echo "== writing the records as HTML pages for omindex" >&2
  python3 - "$CORPUS" "$WORK/html" <<'PY'
import html, json, os, sys
src, out = sys.argv[1], sys.argv[2]
with open(src, encoding="utf-8") as f:
    for n, line in enumerate(f):
        r = json.loads(line)
        folder = os.path.join(out, "%04d" % (n // 1000))
        os.makedirs(folder, exist_ok=True)
        name = "".join(c if c.isalnum() or c in "-_." else "_" for c in r["id"])
        with open(os.path.join(folder, name + ".html"), "w", encoding="utf-8") as page:
            page.write('<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>%s'
                       '</title></head><body><h1>%s</h1><p>%s</p></body></html>\n'
                       % (html.escape(r["title"]), html.escape(r["title"]),
                          html.escape(r.get("text", ""))))
PY
fi

cat >"$WORK/meute.toml" <<EOF
[index]
path = "$WORK/meute.idx"
[model]
enabled = false
[[source]]
name = "gen"
path = "$CORPUS"
authoritative = true
EOF
cat >"$WORK/meute-shards.toml" <<EOF
[index]
path = "$WORK/meute-shards.idx"
shards = $SHARDS_ROW
[model]
enabled = false
[[source]]
name = "gen"
path = "$CORPUS"
authoritative = true
EOF

RESULTS=$WORK/results.md
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
    echo "index_vs_peers.sh: $name failed:" >&2
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

rm -rf "$WORK/bare.db" "$WORK/bare-batch.db" "$WORK/meute.idx" "$WORK/meute.idx.state" "$WORK/omega.db" \
  "$WORK/meute-shards.idx" "$WORK/meute-shards.idx.state"
measure bare "$WORK/bare.db" "$BARE" --db "$WORK/bare.db" "$CORPUS"
XAPIAN_FLUSH_THRESHOLD=1000 measure bare-batch-1000 "$WORK/bare-batch.db" "$BARE" \
  --db "$WORK/bare-batch.db" "$CORPUS"
measure meute-full "$WORK/meute.idx" "$MEUTE" nightly --config "$WORK/meute.toml" \
  --report "$WORK/meute-full.json"
measure meute-unchanged "$WORK/meute.idx" "$MEUTE" nightly --config "$WORK/meute.toml" \
  --report "$WORK/meute-unchanged.json"
if [[ $SHARDS_ROW -gt 1 ]]; then
  measure "meute-shards-$SHARDS_ROW" "$WORK/meute-shards.idx" "$MEUTE" nightly \
    --config "$WORK/meute-shards.toml" --report "$WORK/meute-shards.json"
fi
measure omindex "$WORK/omega.db" omindex --db "$WORK/omega.db" --url / --stemmer french \
  --overwrite --empty-docs=skip "$WORK/html"

python3 - "$WORK/rows.tsv" "$DOCS" "$INPUT_BYTES" >"$RESULTS" <<'PY'
import sys
rows_file, docs, input_bytes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rows = {}
order = []
for line in open(rows_file):
    name, wall, rss, user, sys_, size, load = line.rstrip("\n").split("\t")
    rows[name] = dict(wall=float(wall), rss=int(rss), cpu=float(user) + float(sys_),
                      size=int(size), load=float(load))
    order.append(name)
print("| run | wall s | records/s | MB/s | peak RSS MB | CPU s (user+sys) | index MB | load avg at start |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for name in order:
    r = rows[name]
    print("| %s | %.1f | %.0f | %.2f | %.0f | %.1f | %.0f | %.2f |" % (
        name, r["wall"], docs / r["wall"], input_bytes / 1e6 / r["wall"], r["rss"] / 1024,
        r["cpu"], r["size"] / 1024, r["load"]))
print()
full, bare, om, un = rows["meute-full"], rows["bare"], rows["omindex"], rows["meute-unchanged"]
print("- %d records, %.1f MB of JSON Lines" % (docs, input_bytes / 1e6))
print("- meute full build / bare TermGenerator, records/s: %.2fx (goal >= 0.8x)"
      % (bare["wall"] / full["wall"]))
bb = rows["bare-batch-1000"]
print("- meute full build / bare TermGenerator with the same batch size (1000), records/s: %.2fx"
      % (bb["wall"] / full["wall"]))
print("- meute full build / omindex, records/s: %.2fx (goal >= 2x)" % (om["wall"] / full["wall"]))
print("- unchanged re-run / full build, time: %.1f%% (goal <= 10%%)"
      % (100 * un["wall"] / full["wall"]))
for name in order:
    if name.startswith("meute-shards"):
        r = rows[name]
        print("- %s / bare, records/s: %.2fx" % (name, bare["wall"] / r["wall"]))
PY

{
  echo
  echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores," \
    "$(awk '/MemTotal/ {printf "%.0f GB", $2 / 1048576}' /proc/meminfo) RAM," \
    "$(uname -sr), $(df -T "$WORK" | awk 'NR == 2 {print $2}') file system."
  echo "Software: $(g++ --version | head -n 1), Xapian $(xapian-config --version 2>/dev/null | awk '{print $NF}')," \
    "omindex $(omindex --version | awk '{print $NF}'), build $BUILD_TYPE."
} >>"$RESULTS"
cat "$RESULTS"
echo "(work folder: $WORK)" >&2

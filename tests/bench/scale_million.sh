#!/usr/bin/env bash
# Benchmark (by hand, not in ctest): Meute at a million documents on one
# machine, and the same shards served by two local xapian-tcpsrv (issue 16,
# item 5). Every step is a whole process timed by GNU time (wall, peak RSS);
# search latency is measured against Xapian's own `quest` on the same
# database in the same run, so the figures read as ratios. Results:
# doc/bench-scale.md.
#
#   tests/bench/scale_million.sh [WORK_DIR]
#
# Environment: DOCS (1000000), SHARDS (2: the index's shards, one writer
# each), BUILD_DIR (build; needs -DMEUTE_BUILD_BENCHMARKS=ON for the warm
# in-process latency), ALL (1: also `digest --all`), RUNS (50 fresh-process searches per row), STEPS
# ("gen index search remote model recommend": the steps to run; a step whose
# output is already in WORK_DIR is not redone when left out).
# WORK_DIR keeps the records, the index and the model between runs.
# Writes WORK_DIR/results.tsv (step, wall s, peak RSS KB, detail) and prints it.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${1:-$(mktemp -d /tmp/meute-million-XXXXXX)}
DOCS=${DOCS:-1000000}
SHARDS=${SHARDS:-2}
RUNS=${RUNS:-50}
STEPS=${STEPS:-gen index search remote model recommend}
BUILD=${BUILD_DIR:-$ROOT/build}
MEUTE=$BUILD/tools/meute
BENCH=$BUILD/tests/bench/meute_bench_search
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
RESULTS=$WORK/results.tsv
DB=$WORK/index

for tool in /usr/bin/time python3 quest xapian-tcpsrv; do
  command -v "$tool" >/dev/null || { echo "scale_million.sh: $tool is missing" >&2; exit 2; }
done
[[ -x $MEUTE ]] || { echo "scale_million.sh: $MEUTE is missing (build first)" >&2; exit 2; }

want() { [[ " $STEPS " == *" $1 "* ]]; }
# timed NAME DETAIL CMD...: runs CMD under GNU time (its standard output to
# $OUT when set), appends a results row.
timed() {
  local name=$1 detail=$2
  shift 2
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  /usr/bin/time -f "%e %M" -o "$WORK/time.$name" "$@" >"${OUT:-/dev/stdout}"
  read -r wall rss <"$WORK/time.$name"
  printf '%s\t%s\t%s\t%s (load %s)\n' "$name" "$wall" "$rss" "$detail" "$load" | tee -a "$RESULTS"
}
[[ -f $RESULTS ]] || printf 'step\twall_s\tpeak_rss_kb\tdetail\n' >"$RESULTS"

if want gen; then
  timed gen "$DOCS records" "$MEUTE" gen --docs "$DOCS" --seed 1 --out "$WORK/gen.jsonl"
  ls -l "$WORK/gen.jsonl" | awk '{printf "gen.jsonl: %.1f MB\n", $5 / 1e6}'
fi

if want index; then
  rm -rf "$DB" "$DB.state"
  cat >"$WORK/meute.toml" <<EOF
[index]
path = "$DB"
shards = $SHARDS
[model]
enabled = false
[[source]]
name = "gen"
path = "$WORK/gen.jsonl"
authoritative = true
EOF
  timed index "nightly full build, $SHARDS shards" \
    "$MEUTE" nightly --config "$WORK/meute.toml" --report "$WORK/index-report.json"
  du -sb "$DB" | awk '{printf "index: %.1f MB on disk\n", $1 / 1e6}' | tee -a "$WORK/disk.txt"
  timed reindex "unchanged re-run" "$MEUTE" nightly --config "$WORK/meute.toml" \
    --report "$WORK/reindex-report.json"
fi

# Queries: the judged topics of the bundled corpus (the generator writes
# from the same vocabulary), "qid<TAB>query".
QUERIES=$ROOT/corpora/eval/queries.tsv

# latency NAME SPEC...: RUNS fresh `meute search` and `quest` processes on
# SPEC, interleaved, one query each in turn; prints p50/p99 and the ratio.
latency() {
  local name=$1 spec=$2 quest_spec=$3
  python3 - "$name" "$MEUTE" "$spec" "$quest_spec" "$QUERIES" "$RUNS" "$RESULTS" <<'PY'
import statistics, subprocess, sys, time, os
name, meute, spec, quest_spec, queries, runs, results = sys.argv[1:8]
qs = [l.rstrip("\n").split("\t", 1)[1] for l in open(queries, encoding="utf-8") if "\t" in l]
runs = int(runs)
m, q = [], []
for i in range(runs):
    query = qs[i % len(qs)]
    t = time.perf_counter()
    subprocess.run([meute, "search", "--db", spec, "-n", "10", query], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    m.append(time.perf_counter() - t)
    if quest_spec:
        t = time.perf_counter()
        subprocess.run(["quest", "-d", quest_spec, "-l", "fr", "-m", "10", query],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        q.append(time.perf_counter() - t)
def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]
load = open("/proc/loadavg").read().split()[0]
line = f"{name}\t{statistics.median(m):.4f}\t\tfresh process p50 {pct(m,50)*1e3:.1f} ms, p99 {pct(m,99)*1e3:.1f} ms"
if q:
    line += f"; quest p50 {pct(q,50)*1e3:.1f} ms, p99 {pct(q,99)*1e3:.1f} ms; ratio p50 {pct(m,50)/pct(q,50):.2f}"
line += f" ({runs} runs, load {load})"
print(line)
open(results, "a", encoding="utf-8").write(line + "\n")
PY
}

# Drops the page cache when this process may (root outside a read-only
# /proc/sys): the "cold" rows then start from disk.
drop_caches() {
  sync
  if echo 1 >/proc/sys/vm/drop_caches 2>/dev/null; then echo "page cache dropped"; else
    echo "page cache could not be dropped: cold = fresh process, warm page cache"; fi
}

if want search; then
  drop_caches
  latency search-cold "$DB" "$DB/XAPIANDB"
  latency search-warm "$DB" "$DB/XAPIANDB"
  if [[ -x $BENCH ]]; then
    load=$(cut -d' ' -f1 /proc/loadavg)
    "$BENCH" --db "$DB" --queries "$QUERIES" --repeat 5 >"$WORK/bench-search.json"
    python3 - "$WORK/bench-search.json" "$RESULTS" "$load" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
line = "search-in-process\t\t\t" + ", ".join(f"{k} {v}" for k, v in j.items() if not isinstance(v, (list, dict))) + f" (load {sys.argv[3]})"
print(line)
open(sys.argv[2], "a").write(line + "\n")
PY
  fi
fi

if want remote; then
  # Each shard served by its own xapian-tcpsrv on 127.0.0.1 (its own process
  # group: the server signals its group on exit).
  pids=()
  specs=""
  port=$((17000 + RANDOM % 1000))
  for shard in "$DB"/shard-*; do
    setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$shard" >"$WORK/tcpsrv.$port.log" 2>&1 &
    pids+=($!)
    specs+="${specs:+,}tcp://127.0.0.1:$port"
    port=$((port + 1))
  done
  trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
  sleep 2
  "$MEUTE" search --db "$specs" -n 3 hydrogène >/dev/null
  latency search-remote "$specs" ""
  latency search-local "$DB" ""
  kill "${pids[@]}" 2>/dev/null || true
fi

if want model; then
  timed model "model build --db" "$MEUTE" model build --db "$DB"
  ls -l "$DB"/meute.model* | awk '{printf "%s: %.1f MB\n", $9, $5 / 1e6}' | tee -a "$WORK/disk.txt"
fi

if want recommend; then
  call=$(grep -o -m1 '"id":"gen-call-[0-9]*"' "$WORK/gen.jsonl" | cut -d'"' -f4)
  cluster=$(grep -o -m1 '"id":"gen-cluster-[0-9]*"' "$WORK/gen.jsonl" | cut -d'"' -f4)
  asof=2026-11-25
  OUT=$WORK/consortium.json timed consortium "--call $call" "$MEUTE" consortium --db "$DB" \
    --call "$call" --as-of "$asof" --include-closed --json
  OUT=$WORK/calls.json timed calls "--cluster $cluster" "$MEUTE" calls --db "$DB" \
    --cluster "$cluster" --as-of "$asof" --json
  OUT=$WORK/partners.json timed partners "--cluster $cluster" "$MEUTE" partners --db "$DB" \
    --cluster "$cluster" --as-of "$asof" --json
  OUT=$WORK/themes.json timed themes "--no-save" "$MEUTE" themes --db "$DB" --as-of "$asof" \
    --no-save --json
  timed digest "--cluster $cluster" "$MEUTE" digest --db "$DB" --cluster "$cluster" \
    --week 2026-W48 --format md --out "$WORK/digests"
  if [[ ${ALL:-0} == 1 ]]; then
    timed digest-all "--all" "$MEUTE" digest --db "$DB" --all --week 2026-W48 --format md \
      --out "$WORK/digests" -q
  fi
fi

echo "== $RESULTS"
column -t -s $'\t' "$RESULTS"
[[ -f $WORK/disk.txt ]] && cat "$WORK/disk.txt"

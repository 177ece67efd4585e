#!/usr/bin/env bash
# Benchmark (by hand, not in CI): the recommender commands at scale, as whole
# processes, wall time and peak RSS of each (GNU time -v), in one run.
# Results: doc/bench-recommender.md ("Recommender commands at 100k").
#
#   tests/bench/recommend_at_scale.sh [BUILD_DIR] [DOCS] [WORK_DIR] [BEFORE_MEUTE]
#   (defaults: build, 100000, a fresh temporary folder, none)
#
# WORK_DIR keeps the generated records and the index between runs (indexing
# 100k records takes minutes): gen.jsonl and db/ are made only if missing.
# BEFORE_MEUTE: another meute binary (e.g. one built from an older commit)
# whose model build and commands run first on the same index, for the
# "before" column; its model file is replaced by this build's afterwards.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build}
docs=${2:-100000}
work=${3:-}
before=${4:-}
if [[ -z "$work" ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
meute=$(realpath "$build/tools/meute")
db="$work/db"
if [[ ! -s "$work/gen.jsonl" ]]; then
  "$meute" gen --docs "$docs" --seed 1 --out "$work/gen.jsonl"
fi
if [[ ! -f "$db/iamglass" ]]; then
  /usr/bin/time -f "index: %e s, %M KB" "$meute" index --db "$db" --no-spelling -q "$work/gen.jsonl"
fi
cluster=$(grep -o -m1 '"id":"gen-cluster-[0-9]*"' "$work/gen.jsonl" | cut -d'"' -f4 || true)
# A call still open on $as_of (deadline in 2027), else the first call.
call=$(grep -o -m1 '"id":"gen-call-[0-9]*".*"deadline":"2027-' "$work/gen.jsonl" |
  cut -d'"' -f4 || true)
[[ -n "$call" ]] || call=$(grep -o -m1 '"id":"gen-call-[0-9]*"' "$work/gen.jsonl" | cut -d'"' -f4)
as_of=2026-11-25  # The generator's last news date: open calls, recent news.
week=2026-W48
clusters=$(grep -c '"kind":"cluster"' "$work/gen.jsonl" || true)
echo "records: $docs, cluster records: $clusters, cluster: $cluster, call: $call, as of $as_of"

# run LABEL BINARY ARGS...: one line "LABEL  wall s  peak MB".
run() {
  local label=$1 bin=$2
  shift 2
  local log="$work/time.log"
  if ! /usr/bin/time -f "%e %M" -o "$log" "$bin" "$@" >"$work/out.txt" 2>"$work/err.txt"; then
    echo "  $label: failed: $(tail -2 "$work/err.txt" | tr '\n' ' ')"
    return
  fi
  read -r secs kb <"$log"
  printf '  %-34s %8.2f s %8.0f MB\n' "$label" "$secs" "$((kb / 1024))"
}

commands() {
  local bin=$1
  run "model build" "$bin" model build --db "$db" --quiet
  run "partners --cluster" "$bin" partners --db "$db" --cluster "$cluster" --as-of "$as_of"
  run "consortium --call" "$bin" consortium --db "$db" --call "$call" --as-of "$as_of"
  run "calls --cluster" "$bin" calls --db "$db" --cluster "$cluster" --as-of "$as_of"
  run "themes --no-save" "$bin" themes --db "$db" --as-of "$as_of" --no-save
  run "digest --cluster" "$bin" digest --db "$db" --week "$week" --cluster "$cluster" \
    --format md --out "$work/digests" -q
  if [[ -n "${ALL:-}" ]]; then
    run "digest --all ($clusters clusters)" "$bin" digest --db "$db" --week "$week" --all \
      --format md --out "$work/digests" -q
  fi
}

if [[ -n "$before" ]]; then
  echo "before ($before):"
  commands "$(realpath "$before")"
fi
echo "after ($meute):"
commands "$meute"

#!/bin/sh
# Start-up of `meute search` against Xapian's own `quest` on the same
# database, measured in one run (issue 16, item 1). Each command runs as a
# fresh process RUNS times, interleaved; the script prints the median wall
# time of each and the ratios to quest. A benchmark, not a test: it never fails
# on timings.
#
# Usage: tests/bench/startup_vs_quest.sh [MEUTE] [RUNS] [QUERY]
#   MEUTE  the binary (default: build/tools/meute)
#   RUNS   runs of each command (default: 41)
#   QUERY  the query (default: "mobilité hydrogène")
# Needs python3 (timing) and quest (Debian package xapian-tools).
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
meute=${1:-$here/build/tools/meute}
runs=${2:-41}
query=${3:-mobilité hydrogène}
command -v quest >/dev/null || { echo "startup_vs_quest: quest not found (apt-get install xapian-tools)" >&2; exit 1; }
[ -x "$meute" ] || { echo "startup_vs_quest: $meute is not an executable" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$meute" index --db "$tmp/db" -q "$here/corpora/occitanie" >/dev/null
echo "meute: $meute ($(ldd "$meute" | wc -l) shared libraries by ldd)"
echo "database: bundled corpus ($here/corpora/occitanie), query: $query, $runs cold runs each"
python3 - "$runs" "$meute" "$tmp/db" "$query" <<'PY'
import statistics, subprocess, sys, time
runs, meute, db, query = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
commands = {
    "meute search": [meute, "search", "--db", db, query],
    "meute --version": [meute, "--version"],
    "quest": ["quest", "-d", db, query],
}
times = {name: [] for name in commands}
for _ in range(runs):
    for name, argv in commands.items():
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times[name].append(time.perf_counter() - start)
med = {name: statistics.median(t) * 1000 for name, t in times.items()}
for name, m in med.items():
    print(f"{name:16s} median {m:7.2f} ms  (min {min(times[name]) * 1000:.2f} ms)")
print(f"ratio meute search / quest:    {med['meute search'] / med['quest']:.2f}x (goal <= 1.5x, bound 2x)")
print(f"ratio meute --version / quest: {med['meute --version'] / med['quest']:.2f}x")
PY

#!/usr/bin/env bash
# Issue 17's scenarios side by side, two builds alternated, in one sitting (see bench/README.md, "One sitting"):
#   bench/run-sitting.sh --before DIR --after DIR [--out DIR] [--only NAME[,NAME…]] [--small] [--restart-snapshot DIR]
# NAME: sync-detect, sync-detect-c1, mixed, async-300, async-2000, sequential (all by default), inflight (only when named)
# DIR is a built checkout of the commit to measure (its target/mediagate.jar and target/lib/, routes/, config/, schemas/),
# e.g. `git worktree add --detach /tmp/sit-before 42b8699 && (cd /tmp/sit-before && mvn -B -q -o package -DskipTests)`.
# Each side runs in its own DIR (its routes, its shipped settings, and the sandbox of its jar, as a user of that commit
# would have run it) with this checkout's harnesses (bench/*.java), so both sides are measured the same way.
# Each scenario runs before, then after.
# --small runs every scenario at a tenth of its size: a rehearsal of the script, not figures.
set -euo pipefail
cd "$(dirname "$0")/.."

before="" after="" snapshot="" out="bench/out/sitting-$(date -u +%Y%m%d-%H%M)" only="" small=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --before) before="$2"; shift 2 ;;
    --after) after="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --small) small=1; shift ;;
    --restart-snapshot) snapshot="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
for dir in "$before" "$after"; do
  [[ -f "$dir/target/mediagate.jar" && -d "$dir/routes" ]] || { echo "--before and --after must each be a built checkout ($dir)" >&2; exit 2; }
done
[[ -f target/mediagate.jar ]] || mvn -B -q -o package -DskipTests
bench=$(pwd)/bench
mkdir -p "$out"
out=$(cd "$out" && pwd)
log="$out/sitting.log"

scale() { if [[ $small == 1 ]]; then echo $(( $1 / 10 )); else echo "$1"; fi; }
wanted() { [[ -z "$only" || ",$only," == *",$1,"* ]]; }

# one harness run of one build: name, side, build dir, heap, harness file, its arguments
run() {
  local name=$1 side=$2 dir=$3 heap=$4 harness=$5; shift 5
  local dest="$out/$name-$side"
  echo "$(date -u +%T) $name $side: $* (load $(cut -d' ' -f1-3 /proc/loadavg))" | tee -a "$log"
  set +e
  (cd "$dir" && java ${JVM_EXTRA:-} -Xmx"$heap" -XX:+ExitOnOutOfMemoryError -cp "target/mediagate.jar:target/lib/*" "$bench/$harness" "$@") \
      > "$dest.txt" 2>&1
  local rc=$?
  set -e
  echo "$(date -u +%T) $name $side: exit $rc" | tee -a "$log"
}

both() {  # scenario name, Benchmark.java's arguments: before then after, each with its own output folder
  local name=$1; shift
  wanted "$name" || return 0
  for side in before after; do
    local dir=$before; [[ $side == after ]] && dir=$after
    run "$name" "$side" "$dir" 256m Benchmark.java "$@" --out "$out/$name-$side.d"
  done
}

echo "sitting $(date -u +%FT%TZ) before=$before after=$after small=$small on $(nproc) cores" | tee "$log"
both sync-detect sync-detect --files "$(scale 2000)" --warmup "$(scale 500)"
# the after build again with the quick compiler only, as the Docker image starts the gateway
if wanted sync-detect-c1; then
  JVM_EXTRA=-XX:TieredStopAtLevel=1 run sync-detect-c1 after "$after" 256m Benchmark.java sync-detect \
      --files "$(scale 2000)" --warmup "$(scale 500)" --out "$out/sync-detect-c1-after.d"
fi
both mixed mixed --baidu-files "$(scale 200)" --files "$(scale 50)"
both async-300 async-analyze --files "$(scale 300)"
both async-2000 async-analyze --files "$(scale 2000)"
# the seeds' own way (submit, sleep 5 s, poll, one file at a time) does not use the gateway: once, on this checkout
if wanted sequential; then
  # one file at a time makes its time linear in N (it prints the extrapolation to 300 and 2000 files): 4 files suffice
  run sequential-async client "$after" 256m SequentialClient.java async-analyze --files 4
  run sequential-sync client "$after" 256m SequentialClient.java sync-detect --files "$(scale 200)"
fi
# 100,000 parked jobs within 512 MB: the after build only (the buckets it measures do not exist before); several
# minutes, so only when named: --only inflight
if [[ ",$only," == *",inflight,"* ]]; then
  run inflight-100k after "$after" 512m InFlight.java --jobs "$(scale 100000)" --parked
fi
# restart with 10,000 in flight: only with --restart-snapshot DIR (a snapshot saved by bench/run-restart.sh
# --save-snapshot with the after build, its sandbox still running); the after build as shipped (class archive trained as
# the Docker image trains it, quick compiler only) and without either, alternated, twice
if [[ -n "$snapshot" ]]; then
  snapshot=$(cd "$snapshot" && pwd)
  archive="$out/after.jsa"
  (cd "$after" && MEDIAGATE_DATA_DIR=$(mktemp -d) java -XX:ArchiveClassesAtExit="$archive" -Xlog:cds*=off \
      -Dmediagate.sandbox.enabled=true -Dcamel.management.port=0 -Dcamel.server.port=0 -jar target/mediagate.jar --once) \
      > "$out/archive-training.txt" 2>&1
  for round in 1 2; do
    run "restart-plain-$round" after "$after" 256m RestartResume.java --from-snapshot "$snapshot"
    run "restart-shipped-$round" after "$after" 256m RestartResume.java --from-snapshot "$snapshot" \
        --jvm -XX:TieredStopAtLevel=1 --jvm -XX:SharedArchiveFile="$archive" --jvm -Xlog:cds*=off
  done
fi
echo "$(date -u +%T) done; summaries in $out" | tee -a "$log"

# the figures the issue asks for, one line per run (the summaries hold the rest)
value() { grep -m1 -- "$2" "$1" 2>/dev/null | sed 's/ *\*\*.*//; s/^ *//; s/  \+/ | /g' | cut -d'|' -f2- | sed 's/^ *//'; }
{
  echo "| run | wall | files/s | vendor calls per job | wall / (2 calls x N / QPS) | gateway CPU per file | other CPU on the machine | load at start |"
  echo "|---|---|---|---|---|---|---|---|"
  for f in "$out"/*-before.txt "$out"/*-after.txt; do
    [[ -f $f && $f != */restart-* ]] || continue
    echo "| $(basename "$f" .txt) | $(value "$f" 'wall time (first') | $(value "$f" '  throughput') | $(value "$f" 'vendor calls (sandbox) / per job') \
| $(value "$f" 'lower bound: 2 calls' | sed 's/.*(wall = //; s/)//') | $(value "$f" 'CPU: harness JVM' | sed 's/.* \/ //') \
| $(value "$f" 'CPU: other processes') | $(value "$f" 'load average at start') |"
  done
  for f in "$out"/restart-*.txt; do [[ -f $f ]] && echo "$(basename "$f" .txt): $(grep -E 'first resumed poll|overdue polls made' "$f" | tr -s ' ' | tr '\n' ';')"; done
  grep -h 'the last batch' "$out"/mixed-*.txt 2>/dev/null | sed 's/^ */mixed: /'
  grep -h -A3 'wall time' "$out"/sequential-*.txt 2>/dev/null | sed 's/^/sequential: /'
} | tee "$out/table.md"

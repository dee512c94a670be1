#!/usr/bin/env bash
# Profiles the measured part of a sync-detect run (after its warm-up) with async-profiler, CPU samples through the
# kernel's perf events (user and kernel frames), and prints where a file's milliseconds go: per thread group, per system
# call, and the hottest gateway methods (bench/profile-summary.py). See bench/README.md "A lean sync path".
#
#   bench/profile.sh OUT_DIR [--warmup N] [--files N] [other bench options]
#
# async-profiler comes from Maven Central (tools.profiler:async-profiler, linux-x64), fetched once into ~/.m2.
# Run from the project root after `mvn -B -q -o package -DskipTests`; as root, or with kernel.perf_event_paranoid <= 1.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: bench/profile.sh OUT_DIR [bench options]}; shift
warmup=5000 files=2000 args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --warmup) warmup=$2; shift 2 ;;
    --files) files=$2; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
version=4.2
jar=~/.m2/repository/tools/profiler/async-profiler/$version/async-profiler-$version-linux-x64.jar
[[ -f $jar ]] || mvn -B -q dependency:get -Dartifact=tools.profiler:async-profiler:$version:jar:linux-x64 >/dev/null
lib=$(mktemp -d)/ap && mkdir -p "$lib" && unzip -q -o "$jar" -d "$lib"
agent=$lib/linux-x64/libasyncProfiler.so
rm -rf "$out"
delivered() { local c; c=$(grep -c 'Delivered' "$out/gateway.log" 2>/dev/null); echo "${c:-0}"; }
java -Xmx256m -cp "target/mediagate.jar:target/lib/*" bench/Benchmark.java sync-detect --warmup "$warmup" --files "$files" \
     --out "$out" "${args[@]}" >/dev/null 2>&1 &
bench=$!
until [[ -f $out/gateway.log ]]; do sleep 0.2; done
pid=$(pgrep -f "Benchmark.java sync-detect .*--out $out" | head -1)
until [[ $(delivered) -ge $warmup ]]; do sleep 0.1; done
# jcmd splits its arguments at '=': the agent's options go in quotes
jcmd "$pid" JVMTI.agent_load "$agent" "\"start,event=cpu,interval=1000000,threads\"" >/dev/null
until [[ $(delivered) -ge $((warmup + files - 10)) ]]; do sleep 0.1; done
jcmd "$pid" JVMTI.agent_load "$agent" "\"stop,file=$out/profile.collapsed,collapsed,threads\"" >/dev/null
wait "$bench" || true
grep -E 'throughput|per file' "$out/summary.txt"
python3 bench/profile-summary.py "$out/profile.collapsed" "$files"

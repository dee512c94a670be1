#!/usr/bin/env bash
# Runs one benchmark scenario from the project root: bench/run.sh <scenario> [options]  (see bench/README.md)
# Builds target/mediagate.jar first if it is missing (set BENCH_BUILD=1 to rebuild anyway).
# The harness JVM gets -Xmx256m (the async scenario's heap target); override with BENCH_XMX=….
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f target/mediagate.jar || "${BENCH_BUILD:-0}" == "1" ]]; then
  mvn -B -q -o package -DskipTests
fi
exec java -Xmx"${BENCH_XMX:-256m}" -cp "target/mediagate.jar:target/lib/*" bench/Benchmark.java "$@"

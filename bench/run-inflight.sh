#!/usr/bin/env bash
# Jobs in flight on the embedded broker (see bench/README.md, "100,000 jobs in flight"):
# bench/run-inflight.sh [--jobs N] [--overdue K] [--set KEY=VALUE]... ; the JVM gets -Xmx512m (BENCH_XMX=… overrides)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f target/mediagate.jar || "${BENCH_BUILD:-0}" == "1" ]]; then
  mvn -B -q -o package -DskipTests
fi
exec java -Xmx"${BENCH_XMX:-512m}" -XX:+ExitOnOutOfMemoryError -cp "target/mediagate.jar:target/lib/*" bench/InFlight.java "$@"

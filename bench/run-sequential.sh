#!/usr/bin/env bash
# The hand-written baseline (see bench/README.md, "Against a sequential client"):
# bench/run-sequential.sh <async-analyze|sync-detect> [--files N] [--task-duration D] [--qps Q] [--sleep S] [--first-sleep S]
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f target/mediagate.jar || "${BENCH_BUILD:-0}" == "1" ]]; then
  mvn -B -q -o package -DskipTests
fi
exec java -cp "target/mediagate.jar:target/lib/*" bench/SequentialClient.java "$@"

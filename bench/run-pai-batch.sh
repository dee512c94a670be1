#!/usr/bin/env bash
# PAI vendor calls with and without batch job files (see bench/README.md): bench/run-pai-batch.sh [--videos N] [--task-duration 5s]
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f target/mediagate.jar || "${BENCH_BUILD:-0}" == "1" ]]; then
  mvn -B -q -o package -DskipTests
fi
exec java -cp "target/mediagate.jar:target/lib/*" bench/PaiBatchCalls.java "$@"

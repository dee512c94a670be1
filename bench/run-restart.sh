#!/usr/bin/env bash
# Time from a gateway restart to the first resumed poll (see bench/README.md): bench/run-restart.sh [--files N] [--external-broker]
#   or --save-snapshot DIR [--files N] [--overdue K], then --from-snapshot DIR [--jar PATH] (a restart in about a minute)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f target/mediagate.jar || "${BENCH_BUILD:-0}" == "1" ]]; then
  mvn -B -q -o package -DskipTests
fi
exec java -cp "target/mediagate.jar:target/lib/*" bench/RestartResume.java "$@"

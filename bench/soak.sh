#!/usr/bin/env bash
# Soak: MINUTES (default 3) of mixed unary, client-streaming, server-streaming and bidi calls from
# our client and grpc-java's to our server in a provider JVM on 127.0.0.1, every message checked
# (none lost, duplicated, reordered), the provider killed (SIGKILL) and restarted at half time,
# heap after GC, direct memory, threads and fds compared between start and end
# (io.triple.bench.Soak; docs/reliability.md). Exits non-zero if a check fails.
#
#   bench/soak.sh [MINUTES] [--inflight 8] [--rate 500] [--provider-jvm-flags "-Xms256m -Xmx256m -XX:+UseG1GC"]
#
# Environment: SKIP_BUILD=1 reuses the built jar; SOAK_JVM_FLAGS overrides the soak JVM's flags
# (it holds both clients).
set -euo pipefail

cd "$(dirname "$0")/.."

MINUTES=3
if [[ $# -gt 0 && $1 != --* ]]; then
  MINUTES=$1
  shift
fi
JAR=triple-benchmarks/target/benchmarks.jar
SOAK_JVM_FLAGS=${SOAK_JVM_FLAGS:-"-Xms512m -Xmx512m -XX:+UseG1GC"}

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "building: ./mvnw -q -Pbench -pl triple-benchmarks -am package -DskipTests"
  ./mvnw -q -Pbench -pl triple-benchmarks -am package -DskipTests
fi

# shellcheck disable=SC2086
exec java $SOAK_JVM_FLAGS -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$JAR" io.triple.bench.Soak --minutes "$MINUTES" \
  --command "bench/soak.sh $MINUTES${*:+ $*}" \
  --commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  "$@"

#!/usr/bin/env bash
# Runs the observability example: the greeter served and called in one process with metrics
# (http://127.0.0.1:22222/metrics), tracing and the access log on, for 30 s. Build first with
#   ./mvnw -q -DskipTests package      (from the repository root)
# Options go to the demo: --seconds N (0 = until Ctrl-C), --rate CALLS_PER_S, --sample N.
set -euo pipefail
cd "$(dirname "$0")"
JAR=target/observability-demo.jar
if [[ ! -f $JAR ]]; then
  echo "$JAR not found; build first: ./mvnw -q -DskipTests package" >&2
  exit 1
fi
exec java -jar "$JAR" "$@"

#!/usr/bin/env bash
# One benchmark client alone against one benchmark server, with the CPU time each kind of client
# thread spent per call.
#
#   bench/client-cpu.sh ours|grpc [SERVER] [BODY_BYTES] [IN_FLIGHT] [SECONDS]
#                                  (IN_FLIGHT "blocking": one thread making blocking-stub calls;
#                                   "iterator": one thread reading 20,000-message server streams)
#                                  (defaults: server grpc, 0, 256, 10)
#
# Starts io.triple.bench.BenchServer SERVER (ours or grpc; the same server JVM as the load
# harness) and then io.triple.bench.ClientCpu: the client (a fixed pool of 4 callback threads and
# 1 I/O thread, as in the harness) keeps IN_FLIGHT unary calls going on one connection, warms up
# WARMUP_SECONDS (default 20), measures SECONDS and prints calls/s and, per kind of client thread,
# CPU time divided by the calls made. Keep the server fixed to compare clients or commits: CPU per
# call moves much less than calls/s on a shared machine. Needs the jar built by bench/run.sh (or
# ./mvnw -q -Pbench -pl triple-benchmarks -am package -DskipTests).
set -euo pipefail

cd "$(dirname "$0")/.."
CLIENT=${1:?ours or grpc}
SERVER_IMPL=${2:-grpc}
SIZE=${3:-0}
INFLIGHT=${4:-256}
SECONDS_MEASURED=${5:-10}
JAR=${JAR:-triple-benchmarks/target/benchmarks.jar}
FLAGS=(-Xms1g -Xmx1g -XX:+UseG1GC -XX:+AlwaysPreTouch)
[[ -f $JAR ]] || { echo "$JAR missing: run bench/run.sh or build with -Pbench first" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'exec 7>&- 2>/dev/null || true; rm -rf "$WORK"' EXIT
mkfifo "$WORK/stdin"
java "${FLAGS[@]}" -cp "$JAR" io.triple.bench.BenchServer "$SERVER_IMPL" 4 1 \
  <"$WORK/stdin" >"$WORK/server.out" 2>&1 &
SERVER=$!
exec 7>"$WORK/stdin" # the server runs until its standard input closes
for _ in $(seq 100); do grep -q '^PORT' "$WORK/server.out" && break; sleep 0.2; done
PORT=$(awk '/^PORT/{print $2}' "$WORK/server.out")
java "${FLAGS[@]}" ${CLIENT_FLAGS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$JAR" \
  io.triple.bench.ClientCpu "$CLIENT" "$PORT" "$SIZE" "$INFLIGHT" "${WARMUP_SECONDS:-20}" "$SECONDS_MEASURED" "$SERVER"
exec 7>&-
wait "$SERVER" || true

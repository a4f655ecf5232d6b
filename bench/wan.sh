#!/usr/bin/env bash
# Large transfers over a long network path, ours against grpc-java: each client reaches its
# server through a proxy on 127.0.0.1 that holds every byte for half the round trip each way, so
# the flow-control windows, not the CPU, decide the rate (io.triple.bench.WanBench).
#
#   bench/wan.sh [--rtt-ms 20] [--seconds 6] [--warmup-seconds 4] [--rounds 2]
#
# Prints each round and a Markdown table of medians (MiB/s): our client to our server, grpc-java's
# to grpc-java's, ours with window auto-tuning off, and the two mixed pairs. About 3.5 minutes with
# the defaults. Needs the jar built by bench/run.sh (or ./mvnw -q -Pbench -pl triple-benchmarks -am
# package -DskipTests).
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=${JAR:-triple-benchmarks/target/benchmarks.jar}
[[ -f $JAR ]] || { echo "$JAR missing: run bench/run.sh or build with -Pbench first" >&2; exit 1; }
exec java -Xms1g -Xmx1g -XX:+UseG1GC -XX:+AlwaysPreTouch -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$JAR" io.triple.bench.WanBench "$@"

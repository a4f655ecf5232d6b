#!/usr/bin/env bash
# Benchmarks triple-java side by side with grpc-java on this machine and writes the results into
# docs/performance.md (between its generated-section markers).
#
#   bench/run.sh            full run (under 30 minutes; 29.5 measured on a 2-core VM before JMH was trimmed)
#   bench/run.sh --quick    short measurements (under 5 minutes), for a smoke check or a first look
#
# Options after these are passed to the load harness (io.triple.bench.LoadBench), e.g.
#   --only 'ping-pong'      only the scenarios whose label matches the regex
#   --jfr /tmp/jfr          record a JFR profile of each server JVM (server-ours.jfr, server-grpc.jfr)
#                           and of each client JVM (client-ours.jfr, client-grpc.jfr); summarize one with
#                           java -cp triple-benchmarks/target/benchmarks.jar io.triple.bench.JfrTop FILE [THREAD_REGEX]
#   --no-h2load             skip the h2load rows
#   --clients ours          only these Java clients (default ours,grpc)
# Environment: SKIP_JMH=1 skips the JMH microbenchmarks, SKIP_BUILD=1 reuses the built jar,
# BENCH_JVM_FLAGS overrides the JVM flags used for every measuring JVM (both clients and both servers),
# BENCH_DOC writes the results into another file instead of docs/performance.md.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)

QUICK=0
if [[ "${1:-}" == "--quick" ]]; then
  QUICK=1
  shift
fi

# AlwaysPreTouch: on some VMs the first touch of each heap page is slow enough (a page fault
# into the hypervisor) to dominate early measurements; touching the heap at start removes it.
JVM_FLAGS=${BENCH_JVM_FLAGS:-"-Xms1g -Xmx1g -XX:+UseG1GC -XX:+AlwaysPreTouch"}
JAR=triple-benchmarks/target/benchmarks.jar
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
echo "load average before: $LOAD_BEFORE (nproc $(nproc))"

# h2load (Debian package nghttp2-client) is the neutral client for unary and server-streaming calls.
if ! command -v h2load >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]]; then
    echo "installing h2load (nghttp2-client) with apt-get"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nghttp2-client) \
      >/tmp/bench-apt.log 2>&1 || echo "NOTE: could not install nghttp2-client (see /tmp/bench-apt.log); h2load rows will be skipped"
  else
    echo "NOTE: h2load not found and cannot apt-get install nghttp2-client here; h2load rows will be skipped"
  fi
fi

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "building: ./mvnw -q -Pbench -pl triple-benchmarks -am package -DskipTests"
  ./mvnw -q -Pbench -pl triple-benchmarks -am package -DskipTests
fi

if [[ $QUICK == 1 ]]; then
  COMMAND="bench/run.sh --quick"
  JMH_OPTS=(-f 1 -wi 1 -w 400ms -i 2 -r 400ms)
  # The end-to-end benchmark needs ~5 s before the JIT has compiled the call path.
  JMH_E2E_OPTS=(-f 1 -wi 4 -w 1s -i 2 -r 1s)
  LOAD_OPTS=(--quick)
else
  COMMAND="bench/run.sh"
  # 2 x 2 s of warmup and 3 x 2 s measured per microbenchmark: the full run must stay under 30
  # minutes on a slow 2-core VM. With 4 measured (and 8 + 5 end-to-end iterations) it measured
  # 29.5 minutes without the build on 2026-12-01; this gives back about a minute.
  JMH_OPTS=(-f 1 -wi 2 -w 2s -i 3 -r 2s)
  JMH_E2E_OPTS=(-f 1 -wi 6 -w 1s -i 4 -r 2s)
  LOAD_OPTS=()
fi

JMH_OUT=triple-benchmarks/target/jmh-results.txt
rm -f "$JMH_OUT"
if [[ "${SKIP_JMH:-0}" != 1 ]]; then
  jmh() { # OUTPUT_FILE OPTIONS... REGEX
    local out=$1
    shift
    # shellcheck disable=SC2086
    java $JVM_FLAGS -jar "$JAR" "$@" -jvmArgs "$JVM_FLAGS" -rf text -rff "$out" \
      | grep -E '^(# Benchmark:|# Parameters:|Result|Benchmark|i\.t\.)' || true
  }
  echo "JMH microbenchmarks: ${JMH_OPTS[*]}"
  jmh "$JMH_OUT.micro" "${JMH_OPTS[@]}" 'io\.triple\.bench\.jmh\.(Framing|Compression|Headers)Benchmark'
  echo "JMH end-to-end unary: ${JMH_E2E_OPTS[*]}"
  jmh "$JMH_OUT.e2e" "${JMH_E2E_OPTS[@]}" 'EndToEndUnaryBenchmark'
  {
    echo "# ${JMH_OPTS[*]}"
    cat "$JMH_OUT.micro"
    echo
    echo "# ${JMH_E2E_OPTS[*]}"
    cat "$JMH_OUT.e2e"
  } >"$JMH_OUT"
fi

echo "load harness: ${LOAD_OPTS[*]} $*"
# The harness's own JVM only directs: the servers and each Java client run in JVMs it starts with
# $JVM_FLAGS.
java -Xmx256m -cp "$JAR" io.triple.bench.LoadBench "${LOAD_OPTS[@]}" \
  --jvm-flags "$JVM_FLAGS" \
  --doc "${BENCH_DOC:-$ROOT/docs/performance.md}" \
  --jmh "$JMH_OUT" \
  --load-before "$LOAD_BEFORE" \
  --command "$COMMAND" \
  --commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
  "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"

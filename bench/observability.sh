#!/usr/bin/env bash
# What metrics and tracing cost (issue 29's row): our client and server with Micrometer metrics
# (Prometheus registry, histograms on) and OpenTelemetry tracing (SDK, W3C propagation, batch
# processor, spans dropped by the exporter; every call sampled, or one trace in ten) on, against
# both off, in one run:
# a fresh server and client JVM per mode, modes alternating round by round, medians reported
# (io.triple.bench.ObservabilityBench; see docs/observability.md#cost).
# Every row also reports the CPU time the client JVM and the server JVM spent per call completed in
# the measured window (client: its process CPU time; server: /proc/PID/stat, so Linux only) and the
# total's ratio to "off": on a machine whose speed drifts within a run, CPU per call moves far less
# than calls/s. With --rate N the client is open loop at N calls/s (at most --inflight outstanding;
# calls due while all are out are skipped and reported as ERRORS), so every mode does the same work
# per second below saturation.
# Not part of the default test command nor of bench/run.sh.
#
#   bench/observability.sh                           3 rounds of off, on10 and on, 16 in flight, 6 s measured per
#                                                    row after 4 s of warmup; the last table pairs each mode with
#                                                    "off" of the same round (the machine drifts less within one)
#   bench/observability.sh --rounds 5 --inflight 64  options: --rounds --warmup-ms --measure-ms --inflight --jvm-flags
#                                                    --modes --scenarios --jfr --rate --slices --pairs --slice-ms
#                                                    --slice-warmup-ms
#   bench/observability.sh --rate 10000 --modes off,metrics,on10,on --scenarios empty,1k
#                                                    open loop at 10,000 calls/s: CPU per call at equal load
#   bench/observability.sh --modes off,metrics,tracing,on   each alone, and both
#   bench/observability.sh --modes off,on10,on               modes: off, metrics, tracing, on (every call
#                                                            sampled), tracing10, on10 (one trace in ten:
#                                                            parent-based trace-id ratio 0.1, the default
#                                                            of Dubbo's and Spring Boot's tracing)
#   bench/observability.sh --modes off,header,on10           header: no OpenTelemetry, only a fresh traceparent
#                                                            per call (what propagation alone costs)
#   bench/observability.sh --modes off,noop                  noop: one pass-through interceptor each side (what
#                                                            the interceptor chain itself costs)
#   bench/observability.sh --modes off,on10,grpc-off,grpc-on10   grpc-*: grpc-java's server and client, without and
#                                                            with its grpc-opentelemetry module (metrics and tracing,
#                                                            one trace in ten): the same cost on the reference
#   bench/observability.sh --scenarios empty,1k --rounds 2   scenarios: empty (16 in flight), 1k, empty1
#   bench/observability.sh --slices 8 --pairs 3 --modes off,on10
#                                                    interleaved: --pairs JVM pairs per mode, all up at once, warmed
#                                                    one by one, then measured in turns, --slice-ms (2000) each after
#                                                    --slice-warmup-ms (500), --slices times; the figures to quote.
#                                                    This VM's drift over minutes and its JVM-to-JVM spread (one
#                                                    mode's pairs differed by up to 14%) both fall on every mode alike.
#                                                    Mind memory: modes x pairs x 2 JVMs live at once, with
#                                                    512 MiB heaps unless --jvm-flags says otherwise.
#                                                    Each pair (in the rounds mode too) warms on past --warmup-ms
#                                                    until its JIT compilers (both JVMs) spend under 1% of a core
#                                                    for a second (at most a minute more); every row reports the
#                                                    compilers' share of its CPU per call as "JIT".
#   bench/observability.sh --jfr /tmp/obs                    a JFR profile per JVM, obs-{server,client}-MODE-rN.jfr;
#     java -cp triple-benchmarks/target/benchmarks.jar io.triple.bench.JfrAlloc FILE   (allocations)
#     java -cp triple-benchmarks/target/benchmarks.jar io.triple.bench.JfrTop FILE     (CPU samples)
# Environment: SKIP_BUILD=1 reuses the built jar.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "building: ./mvnw -q -Pbench -pl triple-benchmarks -am package -DskipTests"
  ./mvnw -q -Pbench -pl triple-benchmarks -am package -DskipTests
fi
exec java -Xmx256m -cp triple-benchmarks/target/benchmarks.jar io.triple.bench.ObservabilityBench "$@"

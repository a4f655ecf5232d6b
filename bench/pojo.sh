#!/usr/bin/env bash
# Interface-service (POJO) benchmark: triple-java vs Apache Dubbo Java 3.3.6, provider and
# consumer, on this machine in one run (io.triple.bench.pojo.PojoBench; see docs/performance.md).
# Not part of the default test command nor of bench/run.sh.
#
#   bench/pojo.sh                                  hessian2 and fastjson2, 16 in flight, 2 rounds, all four pairs
#   bench/pojo.sh --inflight 16,128 --rounds 3     options are PojoBench's:
#     --serializations hessian2,fastjson2  --inflight N[,N]  --warmup-ms 8000  --measure-ms 10000
#     --rounds 2  --pairs same|all  --server-warmup-ms 10000  --jfr DIR  --jvm-flags "-Xms512m -Xmx512m -XX:+UseG1GC"
# Environment: SKIP_BUILD=1 reuses the built jar and the Dubbo peer's classes.
# The JVMs' standard error: triple-benchmarks/target/pojo-bench/NAME.log; with --jfr, NAME.jfr per JVM:
#   java -cp triple-benchmarks/target/benchmarks.jar io.triple.bench.JfrTop FILE [THREAD_REGEX]
set -euo pipefail
cd "$(dirname "$0")/.."
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown) (nproc $(nproc))"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "building: ./mvnw -q -Pbench -pl triple-benchmarks,triple-interop-dubbo-peer -am package -DskipTests"
  ./mvnw -q -Pbench -pl triple-benchmarks,triple-interop-dubbo-peer -am package -DskipTests
fi
exec java -Xmx256m -cp triple-benchmarks/target/benchmarks.jar io.triple.bench.pojo.PojoBench "$@"

#!/usr/bin/env bash
# Registry at scale (io.triple.bench.RegistryScale; figures in docs/registry.md): one real
# ZooKeeper (curator-test TestingServer) in its own JVM, a provider JVM making 1,000
# interface-level registrations across 10 interfaces (from 50 ZooKeeper sessions), 50 consumers
# in 2 JVMs (each its own session and ClusterChannel, roundrobin, calling without pause); then a
# minute of churn at 10 registrations (and 10 unregistrations) a second. Reports registration to
# notification and to first routed call (p50/p99), directory memory per provider, failed calls.
# --mode application does the same at application level (Dubbo 3's model): each registration an
# application instance (/services/scale-app-i/127.a.b.c:port, one application per interface,
# metadata in the ZooKeeper metadata report), consumers in FORCE_APPLICATION mode; it also counts
# metadata report reads per revision.
# Not part of the test suite; takes about two minutes.
#
#   bench/registry-scale.sh [--mode interface|application] [--registrations 1000] [--interfaces 10]
#       [--consumers 50]
#       [--consumer-jvms 2] [--churn-rate 10] [--churn-seconds 60] [--register-rate 100]
#       [--call-rate 50] [--jvm-flags "-Xms256m -Xmx256m -XX:+UseG1GC"]
#
# Environment: SKIP_BUILD=1 reuses the built jar.
set -euo pipefail

cd "$(dirname "$0")/.."
JAR=triple-benchmarks/target/benchmarks.jar

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "building: ./mvnw -q -Pbench -pl triple-benchmarks -am package -DskipTests"
  ./mvnw -q -Pbench -pl triple-benchmarks -am package -DskipTests
fi

exec java -Xmx256m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  "-Dregistry-scale.command=bench/registry-scale.sh${*:+ $*}" \
  -cp "$JAR" io.triple.bench.RegistryScale driver "$@"

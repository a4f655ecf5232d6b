#!/usr/bin/env bash
# Runs the registry example end to end: a demo ZooKeeper, two Greeter providers registered in it
# (ports 50061 and 50062), then a client that finds them there and balances 10 calls over them.
# Build first with  ./mvnw -q -DskipTests package  (from the repository root).
# With a ZooKeeper of your own on 127.0.0.1:2181, set NO_DEMO_ZK=1.
set -euo pipefail
cd "$(dirname "$0")"
JAR=target/registry-demo.jar
if [[ ! -f $JAR ]]; then
  echo "$JAR not found; build first: ./mvnw -q -DskipTests package" >&2
  exit 1
fi
PIDS=()
# Stop in reverse order: providers unregister while ZooKeeper is still up.
cleanup() {
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill "${PIDS[i]}" 2>/dev/null || true
    wait "${PIDS[i]}" 2>/dev/null || true
  done
}
trap cleanup EXIT
wait_port() {
  for _ in $(seq 1 300); do
    if (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listening on port $1 after 30 s" >&2
  exit 1
}
if [[ -z ${NO_DEMO_ZK:-} ]]; then
  java -jar "$JAR" zookeeper & PIDS+=($!)
  wait_port 2181
fi
DUBBO_PROTOCOLS_TRIPLE_PORT=50061 java -jar "$JAR" server & PIDS+=($!)
DUBBO_PROTOCOLS_TRIPLE_PORT=50062 java -jar "$JAR" server & PIDS+=($!)
wait_port 50061
wait_port 50062
sleep 1   # registration follows the port opening
java -jar "$JAR" client

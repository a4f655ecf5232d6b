#!/usr/bin/env bash
# Runs the Spring Boot greeter end to end: starts the server application (greeter-server.yml,
# port 50051), runs the client application against it, then stops the server (SIGTERM: Spring's
# graceful shutdown). Build first with
#   ./mvnw -q -DskipTests package      (from the repository root)
set -euo pipefail
cd "$(dirname "$0")"
JAR=target/greeter-spring-boot.jar
if [[ ! -f $JAR ]]; then
  echo "$JAR not found; build first: ./mvnw -q -DskipTests package" >&2
  exit 1
fi
PORT=${PORT:-50051}
java -jar "$JAR" --dubbo.protocols.tri.port=$PORT &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null || true; wait $SERVER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  if (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; then
    break
  fi
  if ! kill -0 $SERVER_PID 2>/dev/null; then
    echo "server exited before listening" >&2
    exit 1
  fi
  sleep 0.1
done
java -jar "$JAR" client --greeter.port=$PORT

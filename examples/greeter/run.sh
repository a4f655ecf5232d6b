#!/usr/bin/env bash
# Runs the greeter example end to end: starts greeter-server.jar (with ./dubbo.yaml), runs
# greeter-client.jar against it, then stops the server. Build first with
#   ./mvnw -q -DskipTests package      (from the repository root)
set -euo pipefail
cd "$(dirname "$0")"
SERVER_JAR=target/greeter-server.jar
CLIENT_JAR=target/greeter-client.jar
if [[ ! -f $SERVER_JAR || ! -f $CLIENT_JAR ]]; then
  echo "greeter jars not found; build first: ./mvnw -q -DskipTests package" >&2
  exit 1
fi
PORT=8888
java -jar "$SERVER_JAR" &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null || true; wait $SERVER_PID 2>/dev/null || true' EXIT
# Wait (up to 30 s) for the server to accept connections on 127.0.0.1:$PORT.
for _ in $(seq 1 300); do
  if (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null; then
    break
  fi
  if ! kill -0 $SERVER_PID 2>/dev/null; then
    echo "greeter server exited before listening" >&2
    exit 1
  fi
  sleep 0.1
done
java -jar "$CLIENT_JAR" "tri://127.0.0.1:$PORT"

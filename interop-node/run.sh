#!/usr/bin/env bash
# The gRPC interop spec's cases between triple-java and grpc-js (Node's gRPC), both directions:
# grpc-js's client (client.js) against our TestServiceServer, and our TestServiceClient against a
# grpc-js server (server.js). Loopback only. Not part of ./mvnw verify (the build takes nothing
# from npm); needs node and npm with access to the npm registry.
#
#   interop-node/run.sh        exit status 0 if every case passed both ways
set -euo pipefail
cd "$(dirname "$0")"
HERE=$PWD
ROOT=$(cd .. && pwd)

command -v node >/dev/null && command -v npm >/dev/null || { echo "node and npm are needed" >&2; exit 1; }
npm ci --no-audit --no-fund --loglevel=error >/dev/null # versions pinned by package-lock.json
echo "grpc-js $(node -p "require('@grpc/grpc-js/package.json').version"), node $(node --version)"

(cd "$ROOT" && ./mvnw -q -pl triple-interop -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile="$HERE/target-cp.txt" -Dmdep.includeScope=runtime)
CP="$(cat "$HERE/target-cp.txt"):$ROOT/triple-interop/target/classes"

WORK=$(mktemp -d)
cleanup() {
  exec 7>&- 2>/dev/null || true
  [[ -n ${OUR_SERVER:-} ]] && kill "$OUR_SERVER" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
CASES=(empty_unary large_unary client_streaming server_streaming ping_pong empty_stream custom_metadata
  status_code_and_message special_status_message unimplemented_method unimplemented_service
  cancel_after_begin cancel_after_first_response timeout_on_sleeping_server)
failed=0

echo "== grpc-js client -> triple-java server"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
java -cp "$CP" io.triple.interop.TestServiceServer --port="$PORT" --use_tls=false >"$WORK/ours.log" 2>&1 &
OUR_SERVER=$!
for _ in $(seq 300); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
node client.js "$PORT" "${CASES[@]}" || failed=1
kill "$OUR_SERVER"; OUR_SERVER=

echo "== triple-java client -> grpc-js server"
mkfifo "$WORK/stdin"
node server.js <"$WORK/stdin" >"$WORK/node.log" 2>&1 &
exec 7>"$WORK/stdin" # the server stops when this closes
for _ in $(seq 100); do grep -q '^PORT' "$WORK/node.log" && break; sleep 0.1; done
NODE_PORT=$(awk '/^PORT/{print $2}' "$WORK/node.log")
for c in "${CASES[@]}"; do
  if java -cp "$CP" io.triple.interop.TestServiceClient --server_host=127.0.0.1 --server_port="$NODE_PORT" \
      --test_case="$c" --use_tls=false >"$WORK/case.log" 2>&1; then
    echo "PASS $c"
  else
    echo "FAIL $c: $(tail -3 "$WORK/case.log" | tr '\n' ' ')"
    failed=1
  fi
done
exit $failed

#!/usr/bin/env bash
# The gRPC interop spec's cases between triple-java and grpcio, Python's gRPC on gRPC C-core (the
# core of grpc's C++, Python, Ruby, PHP and Objective-C implementations), both directions:
# grpcio's client (client.py) against our TestServiceServer, and our TestServiceClient against a
# grpcio server (server.py). Loopback only. Not part of ./mvnw verify; installs the Debian
# packages python3-grpcio, python3-grpc-tools and python3-protobuf if they are missing (as root,
# or through sudo).
#
#   interop-python/run.sh        exit status 0 if every case passed both ways
set -euo pipefail
cd "$(dirname "$0")"
HERE=$PWD
ROOT=$(cd .. && pwd)
PY=/usr/bin/python3 # Debian's Python: the one its python3-* packages are for

if ! "$PY" -c 'import grpc, grpc_tools, google.protobuf' 2>/dev/null; then
  SUDO=$([[ $(id -u) == 0 ]] && echo "" || echo sudo)
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-grpcio python3-grpc-tools python3-protobuf >/dev/null
fi
# grpc-tools' protoc (3.5) writes code for the pure-Python protobuf runtime.
export PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION=python
echo "grpcio $("$PY" -c 'import grpc; print(grpc.__version__)'), python $("$PY" --version | cut -d' ' -f2)"

# Stubs for grpc.testing.TestService, renamed from grpc.testing (which is grpcio's own package).
GEN=$HERE/target/gen
rm -rf "$GEN" && mkdir -p "$GEN/grpc/testing" "$GEN/interop_gen"
PROTO=$ROOT/triple-interop/src/main/protobuf
"$PY" -m grpc_tools.protoc -I"$PROTO" --python_out="$GEN" --grpc_python_out="$GEN" \
  "$PROTO"/grpc/testing/{test,messages,empty}.proto
cp "$GEN"/grpc/testing/*.py "$GEN/interop_gen/"
touch "$GEN/interop_gen/__init__.py"
sed -i 's/^from grpc\.testing import/from interop_gen import/' "$GEN"/interop_gen/*.py
export PYTHONPATH=$GEN

(cd "$ROOT" && ./mvnw -q -pl triple-interop -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile="$HERE/target/cp.txt" -Dmdep.includeScope=runtime)
CP="$(cat "$HERE/target/cp.txt"):$ROOT/triple-interop/target/classes"

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

echo "== grpcio client -> triple-java server"
PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
java -cp "$CP" io.triple.interop.TestServiceServer --port="$PORT" --use_tls=false >"$WORK/ours.log" 2>&1 &
OUR_SERVER=$!
for _ in $(seq 300); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
# grpcio's client also sends gzip-compressed messages our server must recognise as such (its
# server has no way to check what our client sends, so those cases run one way only).
"$PY" client.py "$PORT" "${CASES[@]}" client_compressed_unary server_compressed_unary \
  client_compressed_streaming || failed=1
kill "$OUR_SERVER"; OUR_SERVER=

echo "== triple-java client -> grpcio server"
mkfifo "$WORK/stdin"
"$PY" server.py <"$WORK/stdin" >"$WORK/py.log" 2>&1 &
exec 7>"$WORK/stdin" # the server stops when this closes
for _ in $(seq 100); do grep -q '^PORT' "$WORK/py.log" && break; sleep 0.1; done
PY_PORT=$(awk '/^PORT/{print $2}' "$WORK/py.log")
for c in "${CASES[@]}"; do
  if java -cp "$CP" io.triple.interop.TestServiceClient --server_host=127.0.0.1 --server_port="$PY_PORT" \
      --test_case="$c" --use_tls=false >"$WORK/case.log" 2>&1; then
    echo "PASS $c"
  else
    echo "FAIL $c: $(tail -3 "$WORK/case.log" | tr '\n' ' ')"
    failed=1
  fi
done
exit $failed

#!/usr/bin/env bash
# The gRPC interop spec's cases between triple-java and grpcio, Python's gRPC on gRPC C-core (the
# core of grpc's C++, Python, Ruby, PHP and Objective-C implementations), both directions:
# grpcio's client (client.py) against our TestServiceServer, and our TestServiceClient against a
# grpcio server (server.py). Loopback only. Not part of ./mvnw verify; installs the Debian
# packages python3-grpcio, python3-grpc-tools and python3-protobuf if they are missing (as root,
# or through sudo).
#
#   interop-peers/python/run.sh        exit status 0 if every case passed both ways
set -euo pipefail
cd "$(dirname "$0")"
HERE=$PWD
ROOT=$(cd ../.. && pwd)
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

source ../lib.sh
# grpcio's client also sends gzip-compressed messages our server must recognise as such (its
# server has no way to check what our client sends, so those cases run one way only).
peer_client_cases grpcio "$PY" client.py
peer_server_cases grpcio "$PY" server.py
exit $failed

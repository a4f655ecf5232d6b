#!/usr/bin/env bash
# The gRPC interop spec's cases between triple-java and grpc-js (Node's gRPC), both directions:
# grpc-js's client (client.js) against our TestServiceServer, and our TestServiceClient against a
# grpc-js server (server.js); then Connect's Node client (connect.js, the Connect protocol that
# Dubbo-js's Triple speaks) against our TestServiceServer. Loopback only. Not part of ./mvnw verify (the build takes nothing
# from npm); needs node and npm with access to the npm registry.
#
#   interop-peers/node/run.sh        exit status 0 if every case passed both ways
set -euo pipefail
cd "$(dirname "$0")"
HERE=$PWD
ROOT=$(cd ../.. && pwd)

mkdir -p target
source ../lib.sh
npm_packages
echo "grpc-js $(node -p "require('@grpc/grpc-js/package.json').version"),"\
  "connect-node $(node -p "JSON.parse(require('fs').readFileSync('node_modules/@connectrpc/connect-node/package.json')).version"), node $(node --version)"
peer_client_cases grpc-js node client.js
peer_server_cases grpc-js node server.js
peer_client_cases connect-node node connect.js # reads triple-interop/target/interop-descriptors.binpb
exit $failed

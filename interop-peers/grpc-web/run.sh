#!/usr/bin/env bash
# The official gRPC-Web client (grpc-web, in Node through xhr2) against our TestServiceServer with
# no proxy, in its text and binary formats (client.js). Loopback only. Not part of ./mvnw verify
# (the build takes nothing from npm); needs node and npm with access to the npm registry.
#
#   interop-peers/grpc-web/run.sh      exit status 0 if every case passed
set -euo pipefail
cd "$(dirname "$0")"
HERE=$PWD
ROOT=$(cd ../.. && pwd)

mkdir -p target
source ../lib.sh
npm_packages
echo "grpc-web $(node -p "JSON.parse(require('fs').readFileSync('node_modules/grpc-web/package.json')).version"), node $(node --version)"
peer_client_cases grpc-web node client.js # reads triple-interop/target/interop-descriptors.binpb
exit $failed

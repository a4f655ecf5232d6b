#!/usr/bin/env bash
# Dubbo-js's Triple client (@apachedubbo/dubbo-node, as published on npm) against our
# TestServiceServer: the gRPC interop spec's cases in the Connect protocol (client.js, sharing
# ../node/connect-cases.js with Connect's own client). Loopback only. Not part of ./mvnw verify
# (the build takes nothing from npm); needs node and npm with access to the npm registry.
#
#   interop-peers/dubbo-js/run.sh      exit status 0 if every case passed
set -euo pipefail
cd "$(dirname "$0")"
HERE=$PWD
ROOT=$(cd ../.. && pwd)

mkdir -p target
source ../lib.sh
npm_packages
echo "dubbo-node $(node -p "JSON.parse(require('fs').readFileSync('node_modules/@apachedubbo/dubbo-node/package.json')).version"), node $(node --version)"
peer_client_cases dubbo-js node client.js # reads triple-interop/target/interop-descriptors.binpb
exit $failed

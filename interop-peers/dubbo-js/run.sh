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

command -v node >/dev/null && command -v npm >/dev/null || { echo "node and npm are needed" >&2; exit 1; }
npm ci --no-audit --no-fund --loglevel=error >/dev/null # versions pinned by package-lock.json
echo "dubbo-node $(node -p "JSON.parse(require('fs').readFileSync('node_modules/@apachedubbo/dubbo-node/package.json')).version"), node $(node --version)"
mkdir -p target

source ../lib.sh
peer_client_cases dubbo-js node client.js # reads triple-interop/target/interop-descriptors.binpb
exit $failed

#!/usr/bin/env bash
# A real browser against our server with no proxy: headless Chromium (Debian's package, installed
# if missing, as root or through sudo) opens a page served from another origin that runs the
# official grpc-web client (bundled by esbuild) against our TestServiceServer, which allows that
# origin (--cors_allowed_origins): CORS preflights, gRPC-Web text and binary, over HTTP/1.1
# (cleartext), then over HTTP/2 (TLS with a self-signed certificate made here by openssl; ALPN).
# Loopback only. Not part of ./mvnw verify; needs node, npm and Debian's chromium.
#
#   interop-peers/browser/run.sh       exit status 0 if every case passed
set -euo pipefail
cd "$(dirname "$0")"
HERE=$PWD
ROOT=$(cd ../.. && pwd)

if ! command -v chromium >/dev/null; then
  SUDO=$([[ $(id -u) == 0 ]] && echo "" || echo sudo)
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
fi
mkdir -p target/www
source ../lib.sh
npm_packages
npx esbuild page.js --bundle --format=iife --log-level=warning --outfile=target/www/bundle.js
cp "$ROOT/triple-interop/target/interop-descriptors.binpb" target/www/
printf '<!doctype html><meta charset="utf-8"><title>grpc-web</title><link rel="icon" href="data:,"><script src="bundle.js"></script>\n' \
  > target/www/index.html
PAGE_PORT=$(free_port)
export PAGE_PORT
OUR_SERVER_FLAGS="--cors_allowed_origins=http://127.0.0.1:$PAGE_PORT" \
  peer_client_cases browser node browser.js
mkdir -p target/tls
openssl req -x509 -newkey rsa:2048 -nodes -keyout target/tls/key.pem -out target/tls/cert.pem -days 2 \
  -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 2>/dev/null
TLS_FLAGS="--use_tls=true --tls_cert_file=$HERE/target/tls/cert.pem --tls_key_file=$HERE/target/tls/key.pem"
SERVER_SCHEME=https OUR_SERVER_FLAGS="--cors_allowed_origins=http://127.0.0.1:$PAGE_PORT $TLS_FLAGS" \
  peer_client_cases browser-tls node browser.js
exit $failed

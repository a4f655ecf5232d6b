# Shared by interop-peers/*/run.sh: runs the gRPC interop spec's cases between triple-java and
# another gRPC implementation, both directions, on loopback. Source it after setting ROOT (the
# repository) and HERE (the peer's folder); then call peer_client_cases and peer_server_cases.

# The cases our client runs against each peer's server (each peer's client runs its own list, these
# and whatever more it can check).
CASES=(empty_unary large_unary client_streaming server_streaming ping_pong empty_stream custom_metadata
  status_code_and_message special_status_message unimplemented_method unimplemented_service
  cancel_after_begin cancel_after_first_response timeout_on_sleeping_server)
failed=0

# npm_packages: the peer folder's npm packages, at the versions its package-lock.json pins.
npm_packages() {
  command -v node >/dev/null && command -v npm >/dev/null || { echo "node and npm are needed" >&2; exit 1; }
  (cd "$HERE" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}

(cd "$ROOT" && ./mvnw -q -pl triple-interop -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile="$HERE/target/cp.txt" -Dmdep.includeScope=runtime)
CP="$(cat "$HERE/target/cp.txt"):$ROOT/triple-interop/target/classes"

WORK=$(mktemp -d)
interop_cleanup() {
  exec 7>&- 2>/dev/null || true
  [[ -n ${OUR_SERVER:-} ]] && kill "$OUR_SERVER" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap interop_cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# peer_client_cases NAME CMD...: our TestServiceServer on a free port (with OUR_SERVER_FLAGS, if
# set); runs "CMD... PORT", the peer's client, which runs all its cases against that port.
peer_client_cases() {
  local name=$1
  shift
  echo "== $name client -> triple-java server"
  local port
  port=$(free_port)
  java -cp "$CP" io.triple.interop.TestServiceServer --port="$port" --use_tls=false ${OUR_SERVER_FLAGS:-} \
    >"$WORK/ours.log" 2>&1 &
  OUR_SERVER=$!
  for _ in $(seq 300); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  "$@" "$port" || failed=1
  kill "$OUR_SERVER"
  OUR_SERVER=
}

# peer_server_cases NAME CMD...: starts "CMD..." (the peer's server: prints "PORT <n>", stops when
# its standard input closes) and runs our TestServiceClient against it, one JVM per case.
peer_server_cases() {
  local name=$1
  shift
  echo "== triple-java client -> $name server"
  mkfifo "$WORK/stdin"
  "$@" <"$WORK/stdin" >"$WORK/peer.log" 2>&1 &
  exec 7>"$WORK/stdin" # the peer's server stops when this closes
  for _ in $(seq 100); do grep -q '^PORT' "$WORK/peer.log" && break; sleep 0.1; done
  local port c
  port=$(awk '/^PORT/{print $2}' "$WORK/peer.log")
  for c in "${CASES[@]}"; do
    if java -cp "$CP" io.triple.interop.TestServiceClient --server_host=127.0.0.1 --server_port="$port" \
        --test_case="$c" --use_tls=false >"$WORK/case.log" 2>&1; then
      echo "PASS $c"
    else
      echo "FAIL $c: $(tail -3 "$WORK/case.log" | tr '\n' ' ')"
      failed=1
    fi
  done
}

#!/usr/bin/env bash
# One benchmark server alone under h2load, with the CPU time each of its threads spent per call.
#
#   bench/server-cpu.sh ours|grpc [BODY_BYTES] [IN_FLIGHT] [SECONDS]    (defaults: 0 256 6)
#
# Starts io.triple.bench.BenchServer (the same server JVM as the load harness: 1 I/O thread and a
# fixed pool of APP_THREADS=4 callback threads, 0 = callbacks on the I/O thread), warms it up with
# h2load for WARMUP_SECONDS (default 20: on 2 cores C2 still compiles the hot I/O path 20 s into a
# run, -XX:+PrintCompilation shows) on one connection, then measures SECONDS on a new one and
# prints the rate and, per server thread, user+system CPU and wake-ups (voluntary context
# switches) divided by the calls served. CPU per call moves much less than calls/s on a shared
# machine, so it is the figure to compare between runs and commits. Extra server JVM flags: SERVER_FLAGS. Needs h2load (Debian: nghttp2-client)
# and the jar built by bench/run.sh (or ./mvnw -q -Pbench -pl triple-benchmarks -am package -DskipTests).
set -euo pipefail

cd "$(dirname "$0")/.."
IMPL=${1:?ours or grpc}
SIZE=${2:-0}
INFLIGHT=${3:-256}
SECONDS_MEASURED=${4:-6}
WARMUP=${WARMUP_SECONDS:-20}
JAR=${JAR:-triple-benchmarks/target/benchmarks.jar}
TICK_NS=$((1000000000 / $(getconf CLK_TCK)))

command -v h2load >/dev/null || { echo "h2load not found (apt-get install nghttp2-client)" >&2; exit 1; }
[[ -f $JAR ]] || { echo "$JAR missing: run bench/run.sh or build with -Pbench first" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'exec 7>&- 2>/dev/null || true; rm -rf "$WORK"' EXIT

# The request body: the gRPC 5-byte prefix and a Payload whose bytes field has SIZE bytes.
python3 - "$SIZE" "$WORK/body.bin" <<'PY'
import os, struct, sys
n, path = int(sys.argv[1]), sys.argv[2]
def varint(v):
    out = b''
    while True:
        b, v = v & 0x7f, v >> 7
        if v:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])
msg = b'' if n == 0 else b'\x0a' + varint(n) + os.urandom(n)
open(path, 'wb').write(b'\x00' + struct.pack('>I', len(msg)) + msg)
PY

mkfifo "$WORK/stdin"
# shellcheck disable=SC2086
java -Xms1g -Xmx1g -XX:+UseG1GC -XX:+AlwaysPreTouch ${SERVER_FLAGS:-} -cp "$JAR" \
  io.triple.bench.BenchServer "$IMPL" "${APP_THREADS:-4}" 1 <"$WORK/stdin" >"$WORK/server.out" 2>&1 &
SERVER=$!
exec 7>"$WORK/stdin" # the server runs until its standard input closes
for _ in $(seq 100); do grep -q '^PORT' "$WORK/server.out" && break; sleep 0.2; done
PORT=$(awk '/^PORT/{print $2}' "$WORK/server.out")
URL=http://127.0.0.1:$PORT/triple.bench.BenchService/Unary
H2LOAD=(h2load -c 1 -t 1 -m "$INFLIGHT" -d "$WORK/body.bin" -H 'content-type: application/grpc' -H 'te: trailers')

"${H2LOAD[@]}" -D "$WARMUP" "$URL" >/dev/null
threads() {
  for t in /proc/"$SERVER"/task/*; do
    echo "$(basename "$t") $(tr ' ' '_' <"$t/comm") $(awk '{print $14 + $15}' "$t/stat") $(awk '/^voluntary_ctxt_switches/{print $2}' "$t/status")"
  done | sort
}
threads >"$WORK/before"
OUT=$("${H2LOAD[@]}" -D "$SECONDS_MEASURED" "$URL")
threads >"$WORK/after"
CALLS=$(echo "$OUT" | awk '/^requests:/{print $8}')
echo "$IMPL server, ${SIZE}-byte messages, $INFLIGHT in flight: $(echo "$OUT" | awk '/finished in/{print $4}') calls/s, $CALLS calls ($(echo "$OUT" | awk '/^requests:/{print $10, "failed"}'))"
join "$WORK/before" "$WORK/after" | awk -v calls="$CALLS" -v tick="$TICK_NS" '
  { d = $6 - $3; if (d > 0) printf "  %-22s %8.2f us/call %6.2f wakes/call\n", $2, d * tick / 1000 / calls, ($7 - $4) / calls }' | sort -k2 -nr
exec 7>&-
wait "$SERVER" || true

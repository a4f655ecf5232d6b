#!/usr/bin/env bash
# The metrics through a real Prometheus server (Debian's prometheus package, installed with
# apt-get when missing and run as root): starts the observability demo at 200 calls/s, has
# Prometheus scrape http://127.0.0.1:22222/metrics every second, then asks Prometheus (its HTTP
# API) every query of docs/grafana/triple-java-dashboard.json and prints the answers; fails when
# the request rate or the p99 latency has no value. Needs curl and python3 (for the JSON).
# Build first: ./mvnw -q -DskipTests package (from the repository root). Everything on loopback.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
JAR=target/observability-demo.jar
PROM_PORT=${PROM_PORT:-19090}
[[ -f $JAR ]] || { echo "$JAR not found; build first: ./mvnw -q -DskipTests package" >&2; exit 1; }
if ! command -v prometheus >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "installing Debian's prometheus package"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/tmp/observability-apt.log 2>&1 \
      || { echo "apt-get install prometheus failed: /tmp/observability-apt.log" >&2; exit 1; }
  else
    echo "prometheus not found: apt-get install prometheus (as root)" >&2
    exit 1
  fi
fi
WORK=$(mktemp -d)
cat >"$WORK/prometheus.yml" <<YAML
global:
  scrape_interval: 1s
scrape_configs:
  - job_name: triple
    static_configs:
      - targets: ['127.0.0.1:22222']
YAML
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/data" \
  --web.listen-address="127.0.0.1:$PROM_PORT" >"$WORK/prometheus.log" 2>&1 &
PROM_PID=$!
java -Dorg.slf4j.simpleLogger.log.triple.access=warn -jar "$JAR" --seconds 60 --rate 200 --sample 100000 \
  >"$WORK/demo.log" 2>&1 &
DEMO_PID=$!
trap 'kill $DEMO_PID $PROM_PID 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
echo "prometheus $(prometheus --version 2>&1 | head -1 | cut -d' ' -f3) on 127.0.0.1:$PROM_PORT scraping 127.0.0.1:22222; demo at 200 calls/s; waiting 40 s"
sleep 40
grep -q 'serving:' "$WORK/demo.log" || { echo "the demo did not start:" >&2; cat "$WORK/demo.log" >&2; exit 1; }
python3 - "$ROOT/docs/grafana/triple-java-dashboard.json" "$PROM_PORT" <<'PY'
import json, sys, urllib.parse, urllib.request
dash = json.load(open(sys.argv[1]))
port = sys.argv[2]
failed = []
for p in dash["panels"]:
    for t in p.get("targets", []):
        q = t["expr"].replace("$__rate_interval", "30s").replace("$job", ".*").replace("$service", ".*")
        url = f"http://127.0.0.1:{port}/api/v1/query?" + urllib.parse.urlencode({"query": q})
        ans = json.load(urllib.request.urlopen(url))
        if ans["status"] != "success":
            failed.append(f"{p['title']}: {ans}")
            continue
        series = ans["data"]["result"]
        print(f"{p['title']} [{t['legendFormat'].split(' ')[0]}]")
        for s in series:
            m = s["metric"]
            label = "/".join(v for k, v in sorted(m.items()) if k in ("rpc_method", "rpc_grpc_status_code"))
            print(f"    {label or '-':<28} {float(s['value'][1]):.6g}")
        if not series and ("requests per second" in p["title"] or "latency" in p["title"]):
            failed.append(f"{p['title']}: no series")
if failed:
    print("FAILED:\n  " + "\n  ".join(failed)); sys.exit(1)
print("every dashboard query answered by Prometheus")
PY

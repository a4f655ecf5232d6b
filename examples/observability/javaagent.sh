#!/usr/bin/env bash
# The observability example beside the OpenTelemetry Java agent (docs/observability.md#beside-the-opentelemetry-java-agent):
# copies the agent (io.opentelemetry.javaagent:opentelemetry-javaagent, Maven Central) into
# target/, runs the demo under it for 8 s with the agent's logging span exporter, and checks what
# the agent reported: every trace of a Greeter call has exactly one CLIENT and one SERVER span,
# both from triple-java's tracer (io.triple), none doubled by the agent's own instrumentation.
# Needs python3 (to read the log). Build first: ./mvnw -q -DskipTests package (repository root).
set -euo pipefail
cd "$(dirname "$0")"
AGENT_VERSION=${AGENT_VERSION:-2.22.0}
AGENT=target/opentelemetry-javaagent-$AGENT_VERSION.jar
[[ -f target/observability-demo.jar ]] || { echo "build first: ./mvnw -q -DskipTests package" >&2; exit 1; }
if [[ ! -f $AGENT ]]; then
  ../../mvnw -q -B dependency:copy -Dartifact=io.opentelemetry.javaagent:opentelemetry-javaagent:$AGENT_VERSION \
    -DoutputDirectory=target
fi
LOG=target/javaagent-run.log
java -javaagent:"$AGENT" -Dotel.traces.exporter=logging -Dotel.metrics.exporter=none -Dotel.logs.exporter=none \
  -Dorg.slf4j.simpleLogger.log.triple.access=warn \
  -jar target/observability-demo.jar --seconds 8 --rate 10 >"$LOG" 2>&1
python3 - "$LOG" <<'PY'
import re, sys, collections
spans = collections.defaultdict(list)
for line in open(sys.argv[1]):
    m = re.search(r"LoggingSpanExporter - '([^']*)' : ([0-9a-f]{32}) [0-9a-f]{16} ([A-Z]+) \[tracer: ([^:\]]*)", line)
    if m:
        name, trace, kind, tracer = m.groups()
        spans[trace].append((name, kind, tracer))
rpc = {t: s for t, s in spans.items() if any(n.startswith("org.apache.dubbo.sample.tri.Greeter/") for n, _, _ in s)}
bad = {t: s for t, s in rpc.items()
       if sorted(k for _, k, _ in s) != ["CLIENT", "SERVER"] or any(tr != "io.triple" for _, _, tr in s)}
other = sorted({(n, tr) for t, s in spans.items() if t not in rpc for n, _, tr in s})
print(f"traces of Greeter calls: {len(rpc)}; each with exactly one CLIENT and one SERVER span from io.triple: {len(rpc) - len(bad)}")
print("other spans the agent made (not RPC calls):", ", ".join(f"{n} [{tr}]" for n, tr in other) or "none")
if not rpc or bad:
    print("FAILED:", list(bad.items())[:3] if bad else "no Greeter spans reported"); sys.exit(1)
PY

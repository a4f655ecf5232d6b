#!/usr/bin/env bash
# CPU profile of a running JVM for a while, with async-profiler (tools.profiler:async-profiler from
# Maven Central), attached through jcmd: no restart and no JVM flag needed, so the profile covers
# only the measured part of a run, after warmup.
#
#   bench/profile.sh PID [SECONDS] [OUT]    (defaults: 10 s, /tmp/profile-PID.txt)
#
# OUT is in collapsed-stack form, one line per stack with its sample count, the thread name first
# (e.g. "[triple-server-io-4-1 tid=123];...;io/netty/...;writev 42"): grep a thread's lines, or
# feed them to any flame-graph tool. THREADS=REGEX also prints the 25 frames with the most
# samples of their own on the threads whose name starts with REGEX. EVENT (default cpu; itimer where perf events are not
# allowed) and INTERVAL (default 200us) choose what is sampled. Linux x86-64 and arm64.
set -euo pipefail

cd "$(dirname "$0")/.."
PID=${1:?pid of the JVM to profile}
SECONDS_PROFILED=${2:-10}
OUT=$(readlink -f "${3:-/tmp/profile-$PID.txt}")
VERSION=4.2
JAR=$HOME/.m2/repository/tools/profiler/async-profiler/$VERSION/async-profiler-$VERSION.jar
case "$(uname -m)" in
  x86_64) ARCH=linux-x64 ;;
  aarch64) ARCH=linux-arm64 ;;
  *) echo "no async-profiler library for $(uname -m)" >&2; exit 1 ;;
esac

if [[ ! -f $JAR ]]; then
  ./mvnw -q dependency:get -Dartifact=tools.profiler:async-profiler:$VERSION -Dtransitive=false
fi
# A fixed place: a JVM profiled twice loads the same library again, not a second copy of it.
LIB_DIR=${XDG_CACHE_HOME:-$HOME/.cache}/triple-bench/async-profiler-$VERSION
LIB=$LIB_DIR/$ARCH/libasyncProfiler.so
[[ -f $LIB ]] || { mkdir -p "$LIB_DIR" && unzip -q -o "$JAR" "$ARCH/libasyncProfiler.so" -d "$LIB_DIR"; }

# jcmd reads "a=b" as a named argument of its own: the agent's options go in quotes.
jcmd "$PID" JVMTI.agent_load "$LIB" "\"start,event=${EVENT:-cpu},interval=${INTERVAL:-200us},threads\"" >/dev/null
sleep "$SECONDS_PROFILED"
jcmd "$PID" JVMTI.agent_load "$LIB" "\"stop,collapsed,file=$OUT\"" >/dev/null
echo "$OUT: $(awk '{n += $NF} END {print n}' "$OUT") samples"
if [[ -n ${THREADS:-} ]]; then
  echo "frames with the most samples of their own, threads ${THREADS}*:"
  awk -v re="^\\[$THREADS" '$0 ~ re {
      n = $NF; sub(/ [0-9]+$/, ""); k = split($0, f, ";"); self[f[k]] += n; total += n }
    END { for (x in self) printf "%6.1f%% %s\n", 100 * self[x] / total, x }' "$OUT" | sort -rn | head -25
fi

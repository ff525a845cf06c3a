#!/usr/bin/env bash
# CPU the gateway spends per call and per streamed event, for one or more builds in the same run (A/B), against
# the simulator's fake backends on loopback. CPU time is read from /proc, so unlike latency it barely depends on
# what else the machine runs; compare the lines of one run. About 1 minute per build.
#   bench/gateway/cpu.sh target/spark-control.jar /path/to/other.jar
#   EXTRA="--some.property=value" bench/gateway/cpu.sh target/spark-control.jar   # a setting's effect
# Prints, per build: µs of CPU per POST /v1/embeddings (10 000 calls, 2 keep-alive clients) and per server-sent
# event (400 streams of 40 tokens, 8 at a time), each after a warm-up, and the peak resident memory.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/gateway/simulator.sh
[ $# -gt 0 ] || set -- target/spark-control.jar
[ -f target/spark-control.jar ] || ./mvnw -B -q package -DskipTests
P=${BASE_PORT:-18500}
W=$(mktemp -d /tmp/spark-control-cpu.XXXXXX)
SIM=; G=
cleanup() { [ -n "$G" ] && kill "$G" 2>/dev/null; [ -n "$SIM" ] && kill "$SIM" 2>/dev/null; wait 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT

# the simulated Sparks and their backends (bench/gateway/simulator.sh; token interval 5 ms: events, not waiting, dominate)
start_simulator "$P" "$W" 5ms; SIM=$SIM_PID
simulator_ready "$P" "$W"

ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }   # user + system CPU, in clock ticks
HZ=$(getconf CLK_TCK)
load() { python3 bench/gateway/cpu_load.py 127.0.0.1 $((P+9)) "$@"; }
echo "| build | µs CPU per embeddings call | µs CPU per streamed event | peak RSS (MB) |"
echo "|---|---|---|---|"
for jar in "$@"; do
  # shellcheck disable=SC2086
  java ${JAVA_OPTS:-} -jar "$jar" --server.port=$((P+9)) --spark-control.data-dir="$W/gateway-$RANDOM" \
    --spark-control.spark1.host=127.0.0.1 --spark-control.spark1.ssh-port=$((P+11)) --spark-control.vllm.port=$((P+3)) \
    --spark-control.embeddings.url=http://127.0.0.1:$((P+7)) ${EXTRA:-} > "$W/gateway.log" 2>&1 & G=$!
  wait_for "http://127.0.0.1:$((P+9))/v1/models"
  for _ in 1 2; do  # warm-up: the JIT compiles the hot paths
    load /v1/embeddings 3000 2 plain "$EMBEDDINGS_MODEL"
    load /v1/chat/completions 30 8 stream "$MODEL"
  done
  a=$(ticks $G); load /v1/embeddings 5000 2 plain "$EMBEDDINGS_MODEL"
  b=$(ticks $G); load /v1/chat/completions 50 8 stream "$MODEL"
  c=$(ticks $G)
  rss=$(awk '/VmHWM/{print int($2/1024)}' "/proc/$G/status")
  echo "| $jar ${EXTRA:-} | $(( (b - a) * 1000000 / HZ / 10000 )) | $(( (c - b) * 1000000 / HZ / (400 * 42) )) | $rss |"
  kill $G; wait $G 2>/dev/null || true; G=
done

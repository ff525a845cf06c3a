#!/usr/bin/env bash
# Gateway benchmark, one run on loopback: the same OpenAI calls straight to the simulator's fake backends, through
# Spark Control, and through nginx as a plain reverse proxy. Prints markdown (also saved to $OUT, default
# bench/gateway/results.md). Bounded: 3 to 5 minutes per target, much of it warm-up; everything it starts is stopped on exit.
#   bench/gateway/run.sh              # JAVA_OPTS="…" for the gateway's JVM, GATEWAY_JAR=… to measure another build
#
# Processes: (1) the app in the demo profile = the simulated Sparks and their fake vLLM / TEI backends, with a
# model launched over the simulator's SSH like a real swap would; (2) Spark Control under test (no simulator in
# it, so its memory is the gateway's own); (3) nginx; (4) bench/gateway/Bench.java, the load generator, with a
# relay in front of the fake vLLM that timestamps each server-sent event as it hands it on.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/gateway/simulator.sh
BASE_PORT=${BASE_PORT:-18400}
SIM_PORT=$BASE_PORT                 # the simulator app; its SSH and fake backends on the next 7 (simulator.sh)
VLLM=$((BASE_PORT + 3)); PARAKEET=$((BASE_PORT + 4)); DIARIZER=$((BASE_PORT + 5)); KOKORO=$((BASE_PORT + 6)); EMBEDDINGS=$((BASE_PORT + 7))
RELAY=$((BASE_PORT + 8)); GATEWAY=$((BASE_PORT + 9)); NGINX=$((BASE_PORT + 10)); NO_SSH=$((BASE_PORT + 11))
OUT=${OUT:-bench/gateway/results.md}
JAVA_OPTS=${JAVA_OPTS:-}
GATEWAY_JAR=${GATEWAY_JAR:-target/spark-control.jar}   # another build of Spark Control to compare (e.g. an older one)
WORK=$(mktemp -d /tmp/spark-control-bench.XXXXXX)
PIDS=()
cleanup() {
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null; }
[ -f target/spark-control.jar ] || ./mvnw -B -q package -DskipTests

listening() { for _ in $(seq 1 60); do [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" != 000 ] && return 0; sleep 0.5; done; echo "nothing on $1" >&2; exit 1; }

# (1) the simulated Sparks and their fake backends (bench/gateway/simulator.sh), one token every 50 ms
start_simulator "$SIM_PORT" "$WORK" 50ms; PIDS+=("$SIM_PID")
simulator_ready "$SIM_PORT" "$WORK"

# (2) Spark Control under test: vLLM behind the bench's relay, the other backends straight at the simulator's
# fakes; its SSH points at a closed port (the gateway needs none).
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$GATEWAY_JAR" --server.port="$GATEWAY" --spark-control.data-dir="$WORK/gateway" \
  --spark-control.spark1.host=127.0.0.1 --spark-control.spark1.ssh-port="$NO_SSH" --spark-control.vllm.port="$RELAY" \
  --spark-control.parakeet.url="http://127.0.0.1:$PARAKEET" --spark-control.diarizer.url="http://127.0.0.1:$DIARIZER" \
  --spark-control.kokoro.url="http://127.0.0.1:$KOKORO" --spark-control.embeddings.url="http://127.0.0.1:$EMBEDDINGS" \
  > "$WORK/gateway.log" 2>&1 & GATEWAY_PID=$!
PIDS+=("$GATEWAY_PID")

# (3) nginx as a plain reverse proxy to the same backends
mkdir -p "$WORK/nginx"
cat > "$WORK/nginx.conf" <<CONF
user root;
worker_processes 1;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx/body; proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fcgi; uwsgi_temp_path $WORK/nginx/uwsgi; scgi_temp_path $WORK/nginx/scgi;
  upstream llm { server 127.0.0.1:$RELAY; keepalive 256; }
  upstream embeddings { server 127.0.0.1:$EMBEDDINGS; keepalive 256; }
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_buffering off;
  proxy_request_buffering off;
  proxy_read_timeout 300s;
  server {
    listen 127.0.0.1:$NGINX;
    location /v1/embeddings { proxy_pass http://embeddings; }
    location / { proxy_pass http://llm; }
  }
}
CONF
nginx -c "$WORK/nginx.conf" > "$WORK/nginx.out" 2>&1 & PIDS+=($!)
listening "http://127.0.0.1:$NGINX/"
wait_for "http://127.0.0.1:$GATEWAY/api/health"
NGINX_WORKER=$(pgrep -P "$(cat "$WORK/nginx.pid")" | head -1)

# (4) the load, one target after the other; the relay lives as long as this process
{
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores (load average before: $(cut -d' ' -f1-3 /proc/loadavg)),"
  echo "$(java -version 2>&1 | head -1); gateway $GATEWAY_JAR, JAVA_OPTS='${JAVA_OPTS}'; simulated vLLM: one token every 50 ms"
  echo
  java bench/gateway/Bench.java "$RELAY" "$VLLM" "$MODEL" "$EMBEDDINGS_MODEL" \
    "direct|http://127.0.0.1:$RELAY|http://127.0.0.1:$EMBEDDINGS|-" \
    "Spark Control|http://127.0.0.1:$GATEWAY|http://127.0.0.1:$GATEWAY|$GATEWAY_PID" \
    "nginx|http://127.0.0.1:$NGINX|http://127.0.0.1:$NGINX|$NGINX_WORKER"
} | tee "$OUT"

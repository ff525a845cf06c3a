#!/usr/bin/env bash
# Gateway benchmark, one run on loopback: the same calls straight to a vLLM-shaped backend, through Spark Control,
# and through nginx as a plain reverse proxy. Prints markdown tables (also saved to $OUT, default
# bench/gateway/results.md). Bounded: about 2 minutes per target; everything it starts is stopped on exit.
#   bench/gateway/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
BACKEND_PORT=${BACKEND_PORT:-18400}
GATEWAY_PORT=${GATEWAY_PORT:-18401}
NGINX_PORT=${NGINX_PORT:-18402}
OUT=${OUT:-bench/gateway/results.md}
JAVA_OPTS=${JAVA_OPTS:-}
WORK=$(mktemp -d /tmp/spark-control-bench.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

command -v nginx >/dev/null || { apt-get update -qq && apt-get install -y -qq nginx-light >/dev/null; }
[ -f target/spark-control.jar ] || ./mvnw -B -q package -DskipTests

wait_for() { for _ in $(seq 1 120); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done; echo "timed out waiting for $1" >&2; exit 1; }

# nodelay: without it the JDK server's separate header and body writes meet delayed ACKs (40 ms stalls)
java -Dsun.net.httpserver.nodelay=true bench/gateway/Bench.java backend "$BACKEND_PORT" > "$WORK/backend.log" 2>&1 & PIDS+=($!)
wait_for "http://127.0.0.1:$BACKEND_PORT/health"

# shellcheck disable=SC2086
java $JAVA_OPTS -jar target/spark-control.jar --server.port="$GATEWAY_PORT" --spark-control.data-dir="$WORK/data" \
  --spark-control.spark1.host=127.0.0.1 --spark-control.vllm.port="$BACKEND_PORT" > "$WORK/gateway.log" 2>&1 & GATEWAY_PID=$!
PIDS+=("$GATEWAY_PID")

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
  upstream backend { server 127.0.0.1:$BACKEND_PORT; keepalive 256; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
      proxy_request_buffering off;
      proxy_read_timeout 300s;
    }
  }
}
CONF
nginx -c "$WORK/nginx.conf" > "$WORK/nginx.out" 2>&1 & PIDS+=($!)
wait_for "http://127.0.0.1:$NGINX_PORT/health"
wait_for "http://127.0.0.1:$GATEWAY_PORT/v1/models"
NGINX_PID=$(cat "$WORK/nginx.pid")
NGINX_WORKER=$(pgrep -P "$NGINX_PID" | head -1)

{
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(java -version 2>&1 | head -1); JAVA_OPTS='${JAVA_OPTS}'"
  echo
  java bench/gateway/Bench.java load "direct" "http://127.0.0.1:$BACKEND_PORT"
  java bench/gateway/Bench.java load "Spark Control" "http://127.0.0.1:$GATEWAY_PORT" "$GATEWAY_PID"
  java bench/gateway/Bench.java load "nginx" "http://127.0.0.1:$NGINX_PORT" "$NGINX_WORKER"
} | tee "$OUT"

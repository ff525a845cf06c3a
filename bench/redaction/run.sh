#!/usr/bin/env bash
# Redaction benchmarks; results go to docs/PERFORMANCE.md (section Redaction).
#   bench/redaction/run.sh [megabytes]   scrub/restore throughput on one thread, with a copy and an indexOf scan
#                                        over the same text as baselines in the same run (default 4 MB of text)
#   bench/redaction/run.sh gateway [N]   added latency of /redact/v1 over /v1 on a 4 kB prompt, one Spark Control,
#                                        plain and redaction calls alternated in one run (N calls per path, default 3000)
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "${1:-}" = gateway ]; then
  BACKEND_PORT=${BACKEND_PORT:-18460}
  GATEWAY_PORT=${GATEWAY_PORT:-18461}
  JAVA_OPTS=${JAVA_OPTS:-}
  WORK=$(mktemp -d /tmp/spark-control-redaction-bench.XXXXXX)
  PIDS=()
  cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$WORK"
  }
  trap cleanup EXIT
  ./mvnw -B -q package -DskipTests # always this tree's code, never a stale jar
  wait_for() { for _ in $(seq 1 120); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done; echo "timed out waiting for $1" >&2; exit 1; }

  # nodelay: without it the JDK server's separate header and body writes meet delayed ACKs (40 ms stalls)
  java -Dsun.net.httpserver.nodelay=true bench/redaction/GatewayLatencyBench.java backend "$BACKEND_PORT" > "$WORK/backend.log" 2>&1 & PIDS+=($!)
  wait_for "http://127.0.0.1:$BACKEND_PORT/health"
  # the per-call log lines (gateway.access, redaction counts) are on, as in production
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar target/spark-control.jar --server.port="$GATEWAY_PORT" --spark-control.data-dir="$WORK/data" \
    --spark-control.spark1.host=127.0.0.1 --spark-control.vllm.port="$BACKEND_PORT" > "$WORK/gateway.log" 2>&1 & GATEWAY_PID=$!
  PIDS+=("$GATEWAY_PID")
  wait_for "http://127.0.0.1:$GATEWAY_PORT/v1/models"
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, $(java -version 2>&1 | head -1); JAVA_OPTS='${JAVA_OPTS}'"
  echo
  java bench/redaction/GatewayLatencyBench.java load "http://127.0.0.1:$GATEWAY_PORT" "${2:-3000}" "$GATEWAY_PID"
  grep -m1 'redaction-gateway-chat: redacted=' "$WORK/gateway.log" | sed 's/.*redaction-gateway-chat: /redaction log line of the first call: /' || true
  exit 0
fi

./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/redaction-bench.classpath
exec java -cp "target/test-classes:target/classes:$(cat target/redaction-bench.classpath)" \
  com.sparkcontrol.redaction.ScrubThroughputBench "$@"

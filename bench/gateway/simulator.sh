# Sourced by run.sh and cpu.sh: the simulated Sparks (the app in the demo profile) and their fake backends, on
# ports BASE (the app) .. BASE+7: SSH of spark1 and spark2, vLLM, Parakeet, diarizer, Kokoro, embeddings.
#   start_simulator BASE WORK_DIR TOKEN_INTERVAL   # starts it; SIM_PID is its process
#   simulator_ready BASE WORK_DIR                  # waits, loads the LLM as a swap does; sets EMBEDDINGS_MODEL
# nodelay: the JDK HTTP server behind the fakes writes headers and body separately, which without it meets delayed
# ACKs (40 ms stalls) and hides everything else. The app's own health poll (an SSH exec and a burst of forked
# shell scripts every 5 s) is switched off: real backends run on the Sparks, not beside the proxy, and those bursts
# were part of every target's tail alike.

MODEL=Qwen/Qwen3.6-35B-A3B-FP8      # seeded on the simulated head Spark

wait_for() { for _ in $(seq 1 180); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done; echo "timed out waiting for $1" >&2; exit 1; }

start_simulator() {
  local p=$1 work=$2 interval=$3
  java -Dsun.net.httpserver.nodelay=true -jar target/spark-control.jar --spring.profiles.active=demo \
    --server.port="$p" --spark-control.data-dir="$work/sim" \
    --spark-control.spark1.ssh-port=$((p + 1)) --spark-control.spark2.ssh-port=$((p + 2)) --spark-control.vllm.port=$((p + 3)) \
    --spark-control.parakeet.url="http://127.0.0.1:$((p + 4))" --spark-control.diarizer.url="http://127.0.0.1:$((p + 5))" \
    --spark-control.kokoro.url="http://127.0.0.1:$((p + 6))" --spark-control.embeddings.url="http://127.0.0.1:$((p + 7))" \
    --spark-control.sim.load-time=1s --spark-control.sim.token-interval="$interval" \
    --spark-control.health.poll-interval=1h --spark-control.llm.detect-interval=1h > "$work/sim.log" 2>&1 &
  SIM_PID=$!
}

simulator_ready() {
  local p=$1 work=$2
  wait_for "http://127.0.0.1:$p/api/health"
  wait_for "http://127.0.0.1:$((p + 7))/health"
  # load the LLM the way a swap does: launch-cluster.sh over SSH with the app's key
  ssh -p $((p + 1)) -i "$work/sim/ssh/id_ed25519" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
    spark@127.0.0.1 "cd spark-vllm-docker && ./launch-cluster.sh --solo -d exec vllm serve $MODEL --host 0.0.0.0 --port $((p + 3)) --max-model-len 32768" \
    > "$work/launch.log"
  wait_for "http://127.0.0.1:$((p + 3))/v1/models"
  EMBEDDINGS_MODEL=$(curl -sf "http://127.0.0.1:$((p + 7))/info" | sed 's/.*"model_id":"\([^"]*\)".*/\1/')
}

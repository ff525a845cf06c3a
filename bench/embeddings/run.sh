#!/usr/bin/env bash
# CPU of the embeddings pin check per answer (model + first vector length) for batches of 1, 32 and 128 vectors,
# with a copy of the same bytes and a full Jackson tokenization as baselines in the same run. About 1 minute.
# Results go to docs/PERFORMANCE.md (section Embeddings pin check).
#   bench/embeddings/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/embeddings-bench.classpath
exec java -cp "target/test-classes:target/classes:$(cat target/embeddings-bench.classpath)" \
  com.sparkcontrol.embeddings.PinCheckBench "$@"

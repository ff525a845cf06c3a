#!/usr/bin/env bash
# Scrub throughput of the PII redaction gateway on one thread (MB/s of UTF-8 text), with a copy and an
# indexOf scan over the same text as baselines in the same run. Usage: bench/redaction/run.sh [megabytes]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/redaction-bench.classpath
exec java -cp "target/test-classes:target/classes:$(cat target/redaction-bench.classpath)" \
  com.sparkcontrol.redaction.ScrubThroughputBench "$@"

package com.sparkcontrol.health;

/**
 * Whether a Spark that runs vLLM has {@code launch-cluster.sh} ready (a file it may execute) in
 * {@code spark-control.vllm.repo-dir}, as the health poll last found it.
 *
 * @param path  the configured repo dir, as written ({@code ~/} is the Spark user's home)
 * @param found true or false as the last poll found it; null before the first poll or while the Spark is unreachable
 */
public record RepoDir(String path, Boolean found) {}

package com.sparkcontrol.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The update flow: git pull in the checkout, build-and-copy.sh pulling the nightly and syncing the worker. */
class RepoAndImageUpdateTest {

    SimulatedCluster cluster;
    SimSsh ssh;

    @BeforeEach
    void start() {
        cluster = SimulatedCluster.builder().build();
        ssh = new SimSsh(cluster);
    }

    @AfterEach
    void stop() {
        ssh.close();
        cluster.close();
    }

    SimSsh.Result inRepo(String command) {
        return ssh.run("spark1", "cd ~/spark-vllm-docker && " + command);
    }

    @Test
    void gitPullFastForwardsOnceThenIsUpToDate() {
        assertThat(inRepo("git pull --ff-only").out()).isEqualTo("Already up to date.\n");
        cluster.publishUpstreamCommit("Add qwen3.8 recipes");
        SimSsh.Result pull = inRepo("git pull --ff-only");
        assertThat(pull.exit()).isZero();
        assertThat(pull.out()).startsWith("Updating 358bf26..").contains("\nFast-forward\n")
                .containsPattern(" 2 files changed, \\d+ insertions\\(\\+\\), \\d+ deletions\\(-\\)\n$");
        assertThat(pull.err()).startsWith("From https://github.com/eugr/spark-vllm-docker\n");
        assertThat(inRepo("git pull --ff-only").out()).isEqualTo("Already up to date.\n");
        assertThat(inRepo("git log -1 --format=%s").out()).isEqualTo("Add qwen3.8 recipes\n");

        SimSsh.Result outside = ssh.run("spark1", "git pull --ff-only");
        assertThat(outside.exit()).isEqualTo(128);
        assertThat(outside.err()).startsWith("fatal: not a git repository");
    }

    @Test
    void buildAndCopyPullsTheNewNightlyAndSyncsTheWorker() {
        cluster.publishImageUpdate("eugr/spark-vllm:latest");
        String before = cluster.node("spark2").imageId("vllm-node").orElseThrow();

        SimSsh.Result build = inRepo("./build-and-copy.sh -c --copy-parallel");
        assertThat(build.exit()).as(build.err()).isZero();
        assertThat(build.out()).contains("Using COPY_HOSTS from .env: 192.168.177.12\n")
                .contains("Using prebuilt runner image eugr/spark-vllm:latest...\n")
                .contains("Status: Downloaded newer image for eugr/spark-vllm:latest\n")
                .contains("Image 'vllm-node' differs on spark@192.168.177.12; will copy.\n")
                .contains("Loading image into spark@192.168.177.12...\n")
                .contains("         TIMING STATISTICS\n")
                .endsWith("Done preparing vllm-node.\n");
        String head = cluster.node("spark1").imageId("vllm-node").orElseThrow();
        assertThat(head).isNotEqualTo(before);
        assertThat(cluster.node("spark2").imageId("vllm-node")).contains(head);

        assertThat(inRepo("./build-and-copy.sh -c").out())
                .contains("Status: Image is up to date for eugr/spark-vllm:latest\n")
                .contains("Image 'vllm-node' is already up to date on spark@192.168.177.12; skipping.\n");
    }

    @Test
    void anUnsyncedWorkerMakesTheNextClusterLaunchRefuse() {
        cluster.publishImageUpdate("eugr/spark-vllm:latest");
        assertThat(inRepo("./build-and-copy.sh").exit()).isZero();
        SimSsh.Result launch = inRepo("./launch-cluster.sh -d exec vllm serve Qwen/Qwen3-8B -tp 2");
        assertThat(launch.exit()).isEqualTo(1);
        assertThat(launch.out()).contains("Error: Docker image mismatch on worker node (192.168.177.12):");
    }
}

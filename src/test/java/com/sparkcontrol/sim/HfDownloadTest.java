package com.sparkcontrol.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulated hf-download.sh: the script's markers, tqdm progress, real files in HF's layout, copies. */
class HfDownloadTest {

    static final String MODEL = "Qwen/Qwen3-8B";
    static final String GATED = "meta-llama/Llama-3.1-8B-Instruct";

    SimulatedCluster cluster;
    SimSsh ssh;

    @BeforeEach
    void start() {
        cluster = SimulatedCluster.builder().downloadTime(Duration.ofMillis(800))
                .huggingFaceRepos(MODEL, GATED).gatedRepos(GATED).build();
        ssh = new SimSsh(cluster);
    }

    @AfterEach
    void stop() {
        ssh.close();
        cluster.close();
    }

    SimSsh.Result download(String args) {
        return ssh.run("spark1", "cd ~/spark-vllm-docker && ./hf-download.sh " + args);
    }

    @Test
    void downloadPrintsTheScriptsMarkersAndTqdmProgressAndWritesTheCache() throws Exception {
        SimSsh.Result result = download(MODEL);
        assertThat(result.exit()).as(result.err()).isZero();
        Path modelDir = cluster.head().hfHub().resolve("models--Qwen--Qwen3-8B");
        assertThat(result.out()).startsWith("Downloading model 'Qwen/Qwen3-8B' using uvx...\n")
                .containsPattern("Download completed in \\d\\d:\\d\\d:\\d\\d\n")
                .contains("Model directory: " + modelDir + "\n")
                .contains("No host specified, skipping copy.\n")
                .contains("         TIMING STATISTICS\n")
                .endsWith("Done downloading Qwen/Qwen3-8B.\n");
        assertThat(result.err()).contains("\rFetching 11 files:   0%|          | 0/11 [00:00<?, ?it/s]")
                .containsPattern("\rmodel-00001-of-00004\\.safetensors: +\\d+%\\|[^|]*\\| [\\d.]+[MG]/4\\.00G \\[")
                .contains("Fetching 11 files: 100%|██████████| 11/11 [");

        String commit = Files.readString(modelDir.resolve("refs/main"));
        Path shard = modelDir.resolve("snapshots").resolve(commit).resolve("model-00001-of-00004.safetensors");
        assertThat(Files.isSymbolicLink(shard)).isTrue();
        assertThat(Files.size(shard)).isEqualTo(4_000_000_000L);
        assertThat(Files.readString(modelDir.resolve("snapshots").resolve(commit).resolve("config.json")))
                .contains("Qwen3ForCausalLM");
        assertThat(cluster.head().hasModel(MODEL)).isTrue();
        assertThat(cluster.node("spark2").hasModel(MODEL)).isFalse();
    }

    @Test
    void copyFlagBeforeTheModelSwallowsItAsAHost() {
        SimSsh.Result result = download("-c " + MODEL);
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).startsWith("Error: Model name is required.\nUsage: ./hf-download.sh [OPTIONS] <model-name>");
        assertThat(cluster.head().cachedModels()).isEmpty();
    }

    @Test
    void copyAfterTheModelRsyncsToTheOtherSpark() {
        SimSsh.Result result = download(MODEL + " -c --copy-parallel");
        assertThat(result.exit()).as(result.err()).isZero();
        assertThat(result.out()).contains("Using COPY_HOSTS from .env: 192.168.177.12\n")
                .contains("Copying model to 1 host(s): 192.168.177.12\nParallel copy enabled.\n")
                .contains("Copying model 'Qwen/Qwen3-8B' to spark@192.168.177.12...\nsending incremental file list\n")
                .containsPattern("Copy to 192\\.168\\.177\\.12 completed in \\d\\d:\\d\\d:\\d\\d\n")
                .contains("\nCopy complete.\n")
                .endsWith("Done downloading Qwen/Qwen3-8B.\n");
        assertThat(cluster.node("spark2").hasModel(MODEL)).isTrue();
    }

    @Test
    void copyToAnUnreachableSparkFails() {
        cluster.node("spark2").unreachable(true);
        SimSsh.Result result = download(MODEL + " -c 192.168.177.12");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).contains("Copy to 192.168.177.12 failed.").doesNotContain("Done downloading");
        assertThat(result.err()).contains("rsync error: unexplained error (code 255)");
    }

    @Test
    void unknownRepoFailsWithTheClientsError() {
        SimSsh.Result result = download("Nope/Missing");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("huggingface_hub.errors.RepositoryNotFoundError: 404 Client Error.")
                .contains("Repository Not Found for url: https://huggingface.co/api/models/Nope/Missing/revision/main.");
        assertThat(result.out()).endsWith("Error: Failed to download model 'Nope/Missing'.\n");
    }

    @Test
    void gatedRepoReadsTheTokenFromTheEnvironmentOnly() {
        SimSsh.Result without = download(GATED);
        assertThat(without.exit()).isEqualTo(1);
        assertThat(without.err()).contains("GatedRepoError: 401 Client Error.");

        SimSsh.Result with = ssh.run("spark1", "cd ~/spark-vllm-docker && HF_TOKEN=hf_secret123 ./hf-download.sh " + GATED);
        assertThat(with.exit()).as(with.err()).isZero();
        assertThat(cluster.commands()).allSatisfy(c -> assertThat(c.line()).doesNotContain("hf_secret123"));
    }

    @Test
    void killedDownloadLeavesPartialFilesAndNoDoneLine() throws Exception {
        cluster.setDownloadTime(Duration.ofSeconds(30));
        Path blobs = cluster.head().hfHub().resolve("models--Qwen--Qwen3-8B/blobs");
        try (SimSsh.Running running = ssh.start("spark1", "cd spark-vllm-docker && ./hf-download.sh " + MODEL)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> running.err().text().contains("model-00001-of-00004"));
            assertThat(running.out().text()).doesNotContain("Done downloading");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> cluster.runningShimCalls() == 0);
        try (Stream<Path> files = Files.list(blobs)) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertThat(names).anyMatch(n -> n.endsWith(".incomplete"));
        }
        assertThat(cluster.head().cachedModels()).containsExactly(MODEL);
        assertThat(cluster.head().hasModel(MODEL)).isFalse();
    }
}

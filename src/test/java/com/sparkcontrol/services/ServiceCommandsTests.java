package com.sparkcontrol.services;

import static com.sparkcontrol.services.ServiceFixtures.NGC_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.sparkcontrol.services.ServiceCommands.Plan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceCommandsTests {

    @TempDir
    Path dataDir;

    ServiceCatalog catalog(String... keyValues) {
        return ServiceFixtures.catalog(ServiceFixtures.cluster(keyValues), dataDir);
    }

    ServiceCommands commands(String... keyValues) {
        return ServiceFixtures.commands(ServiceFixtures.cluster(keyValues), dataDir);
    }

    static List<String> lines(Plan plan) {
        return plan.steps().stream().map(s -> s.command().line()).toList();
    }

    @Test
    void parakeetInstallLogsInWithTheKeyOnStdinPullsAndRunsWithGpuRestartPolicyAndPort() {
        ServiceDefinition parakeet = catalog().require("parakeet");

        Plan plan = commands().install(parakeet, false);

        assertThat(lines(plan)).containsExactly(
                "docker login nvcr.io -u '$oauthtoken' --password-stdin",
                "docker pull nvcr.io/nim/nvidia/parakeet-0-6b-ctc-en-us:latest",
                "bash -c '" + ServiceCommands.EXPORT_STDIN_THEN_EXEC.replace("'", "'\\''") + "' spark-control-env docker run -d"
                        + " --name parakeet-asr --restart unless-stopped --gpus all -p 9000:9000 --shm-size=8g -e NGC_API_KEY"
                        + " -e NIM_HTTP_API_PORT=9000 -e PYTHONPATH=/opt/spark-control-diarizer"
                        + " nvcr.io/nim/nvidia/parakeet-0-6b-ctc-en-us:latest");
        assertThat(new String(plan.steps().get(0).stdin(), StandardCharsets.UTF_8)).isEqualTo(NGC_KEY);
        assertThat(new String(plan.steps().get(2).stdin(), StandardCharsets.UTF_8)).isEqualTo("NGC_API_KEY=" + NGC_KEY + "\n\n");
        assertThat(plan.secrets()).containsExactly(NGC_KEY);
    }

    @Test
    void theNgcKeyIsInNoCommandLineNorInAnyStepDescription() {
        Plan plan = commands().install(catalog().require("parakeet"), true);

        assertThat(plan.steps()).allSatisfy(step -> {
            assertThat(step.command().line()).doesNotContain(NGC_KEY);
            assertThat(step.toString()).doesNotContain(NGC_KEY);
        });
    }

    @Test
    void installRemovesTheOldContainerOnlyWhenOneExists() {
        ServiceDefinition kokoro = catalog().require("kokoro");

        assertThat(lines(commands().install(kokoro, true))).containsExactly(
                "docker pull ghcr.io/remsky/kokoro-fastapi-gpu:latest",
                "docker rm -f kokoro-tts",
                "docker run -d --name kokoro-tts --restart unless-stopped --gpus all -p 8880:8880 ghcr.io/remsky/kokoro-fastapi-gpu:latest");
        assertThat(lines(commands().install(kokoro, false))).doesNotContain("docker rm -f kokoro-tts");
    }

    @Test
    void embeddingsRunTeiWithTheConfiguredModelAndPassTheHfTokenOnlyWhenSet() {
        ServiceDefinition embeddings = catalog("spark-control.services.embeddings-model", "intfloat/e5-large-v2").require("embeddings");

        Plan withToken = commands().install(embeddings, false);
        Plan withoutToken = commands("spark-control.hf-token", "").install(embeddings, false);

        assertThat(lines(withToken).get(1)).endsWith("docker run -d --name embeddings --restart unless-stopped --gpus all"
                + " -p 8080:80 -v spark-control-embeddings:/data -e HF_TOKEN"
                + " ghcr.io/huggingface/text-embeddings-inference:cuda-1.9 --model-id intfloat/e5-large-v2");
        assertThat(new String(withToken.steps().get(1).stdin(), StandardCharsets.UTF_8)).isEqualTo("HF_TOKEN=" + ServiceFixtures.HF_TOKEN + "\n\n");
        assertThat(lines(withoutToken)).containsExactly(
                "docker pull ghcr.io/huggingface/text-embeddings-inference:cuda-1.9",
                "docker run -d --name embeddings --restart unless-stopped --gpus all -p 8080:80 -v spark-control-embeddings:/data"
                        + " ghcr.io/huggingface/text-embeddings-inference:cuda-1.9 --model-id intfloat/e5-large-v2");
    }

    @Test
    void vllmEngineRunsThePoolingRunner() {
        ServiceDefinition embeddings = catalog("spark-control.services.embeddings-engine", "vllm").require("embeddings");

        assertThat(lines(commands("spark-control.hf-token", "").install(embeddings, false))).containsExactly(
                "docker pull vllm/vllm-openai:latest",
                "docker run -d --name embeddings --restart unless-stopped --gpus all -p 8080:8000 --ipc=host"
                        + " -v spark-control-embeddings:/root/.cache/huggingface vllm/vllm-openai:latest --model BAAI/bge-m3 --runner pooling");
    }

    @Test
    void startStopRestartAndRemoveNameTheContainer() {
        ServiceCommands commands = commands();
        for (String name : List.of("parakeet", "kokoro", "embeddings")) {
            ServiceDefinition d = catalog().require(name);
            assertThat(lines(commands.start(d))).containsExactly("docker start " + d.container());
            assertThat(lines(commands.stop(d))).containsExactly("docker stop " + d.container());
            assertThat(lines(commands.restart(d))).containsExactly("docker restart " + d.container());
            assertThat(lines(commands.remove(d))).containsExactly("docker rm -f " + d.container());
        }
    }

    @Test
    void theDiarizerLivesInTheParakeetContainer() {
        ServiceDefinition diarizer = catalog().require("diarizer");

        assertThat(diarizer.container()).isEqualTo("parakeet-asr");
        assertThat(lines(commands().restart(diarizer))).containsExactly("docker restart parakeet-asr");
    }

    @Test
    void overlayFilesAreSentOnStdinThenCopiedWithDockerCpAndTheContainerRestarted() throws IOException {
        ServiceDefinition diarizer = catalog().require("diarizer");

        Plan plan = commands().applyOverlay(diarizer);

        assertThat(lines(plan)).containsExactly(
                "rm -rf -- .spark-control/overlays/diarizer && mkdir -p -- .spark-control/overlays/diarizer",
                "dd of=.spark-control/overlays/diarizer/sitecustomize.py status=none",
                "dd of=.spark-control/overlays/diarizer/spark_diarizer.py status=none",
                "docker cp .spark-control/overlays/diarizer/. parakeet-asr:/opt/spark-control-diarizer",
                "docker restart parakeet-asr");
        try (var in = getClass().getClassLoader().getResourceAsStream("services/diarizer-overlay/spark_diarizer.py")) {
            assertThat(plan.steps().get(2).stdin()).isEqualTo(in.readAllBytes());
        }
        assertThat(new String(plan.steps().get(2).stdin(), StandardCharsets.UTF_8)).contains("/v1/audio/diarize-chunk");
    }

    @Test
    void removingTheDiarizerDeletesItsFolderInsideTheContainer() {
        assertThat(lines(commands().removeOverlay(catalog().require("diarizer")))).containsExactly(
                "docker exec parakeet-asr rm -rf -- /opt/spark-control-diarizer/sitecustomize.py"
                        + " /opt/spark-control-diarizer/spark_diarizer.py /opt/spark-control-diarizer",
                "docker restart parakeet-asr");
    }

    @Test
    void customServiceRunsExactlyWhatItsEntryDeclares() throws IOException {
        Files.writeString(dataDir.resolve("services-overrides.yaml"), """
                services:
                  reranker:
                    image: ghcr.io/huggingface/text-embeddings-inference:cuda-1.9
                    ports: ["8090:80"]
                    volumes: ["reranker-cache:/data"]
                    args: ["--model-id", "BAAI/bge-reranker-v2-m3", "--json-output"]
                    env:
                      HF_TOKEN: ${hf-token}
                      RUST_LOG: "info; warn"
                    gpu: true
                    restart: always
                    prefix: /v1/rerank
                """);
        ServiceDefinition reranker = catalog().require("reranker");

        Plan plan = commands().install(reranker, false);

        assertThat(lines(plan).get(1)).endsWith("docker run -d --name reranker --restart always --gpus all -p 8090:80"
                + " -v reranker-cache:/data -e HF_TOKEN -e 'RUST_LOG=info; warn' ghcr.io/huggingface/text-embeddings-inference:cuda-1.9"
                + " --model-id BAAI/bge-reranker-v2-m3 --json-output");
    }

    @Nested
    class TheRunWrapperOnARealShell {

        /**
         * Runs the planned {@code docker run} through bash with a stand-in {@code docker} that prints its
         * argv and its NGC_API_KEY: the key reaches docker's environment and not its command line.
         */
        @Test
        void secretReachesDockersEnvironmentNotItsArguments() throws Exception {
            Path bin = Files.createDirectories(dataDir.resolve("bin"));
            Path docker = bin.resolve("docker");
            Files.writeString(docker, "#!/bin/bash\necho \"argv: $*\"\necho \"env: $NGC_API_KEY\"\n");
            Files.setPosixFilePermissions(docker, PosixFilePermissions.fromString("rwx------"));
            ServiceStep run = commands().install(catalog().require("parakeet"), false).steps().get(2);

            ProcessBuilder builder = new ProcessBuilder("bash", "-c", run.command().line()).redirectErrorStream(true);
            builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            Process process = builder.start();
            process.getOutputStream().write(run.stdin());
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();

            assertThat(output).contains("env: " + NGC_KEY);
            assertThat(output.lines().filter(l -> l.startsWith("argv:")).findFirst().orElseThrow())
                    .contains("-e NGC_API_KEY ").doesNotContain(NGC_KEY);
            assertThat(process.exitValue()).isZero();
        }
    }

    @Test
    void missingSecretIsNamedAsTheSettingToFill() {
        ServiceCommands withoutKey = commands("spark-control.ngc-api-key", "");

        assertThat(withoutKey.missingSecret(catalog().require("parakeet"))).contains("spark-control.ngc-api-key");
        assertThat(withoutKey.missingSecret(catalog().require("kokoro"))).isEmpty();
        assertThat(commands("spark-control.hf-token", "").missingSecret(catalog().require("embeddings"))).isEmpty();
    }
}

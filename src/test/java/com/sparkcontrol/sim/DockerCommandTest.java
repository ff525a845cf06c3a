package com.sparkcontrol.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The simulated docker CLI on the audio Spark: containers, backends, formats, login, cp and exec. */
class DockerCommandTest {

    static final String KOKORO_IMAGE = "ghcr.io/remsky/kokoro-fastapi-gpu:latest";
    static final String RUN_KOKORO = "docker run -d --name kokoro-tts --gpus all --restart unless-stopped "
            + "-p 8880:8880 -e API_KEY=not-kept " + KOKORO_IMAGE;

    SimulatedCluster cluster;
    SimSsh ssh;
    RecordingBackend kokoro;

    @BeforeEach
    void start() {
        kokoro = new RecordingBackend();
        cluster = SimulatedCluster.builder().backend("kokoro-tts", "spark2", kokoro).build();
        ssh = new SimSsh(cluster);
    }

    @AfterEach
    void stop() {
        ssh.close();
        cluster.close();
    }

    SimSsh.Result docker(String args) {
        return ssh.run("spark2", "docker " + args);
    }

    @Test
    void runStartsTheBackendAndStopStartRmToggleIt() {
        SimSsh.Result run = ssh.run("spark2", RUN_KOKORO);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).matches("[0-9a-f]{64}\n");
        assertThat(kokoro.isUp()).isTrue();
        SimContainer container = cluster.node("spark2").container("kokoro-tts").orElseThrow();
        assertThat(container.envNames()).containsExactly("API_KEY");
        assertThat(container.ports()).containsExactly("8880:8880");
        assertThat(container.restartPolicy()).isEqualTo("unless-stopped");

        assertThat(docker("stop kokoro-tts").out()).isEqualTo("kokoro-tts\n");
        assertThat(kokoro.isUp()).isFalse();
        assertThat(docker("start kokoro-tts").out()).isEqualTo("kokoro-tts\n");
        assertThat(kokoro.isUp()).isTrue();

        SimSsh.Result rm = docker("rm kokoro-tts");
        assertThat(rm.exit()).isEqualTo(1);
        assertThat(rm.err()).isEqualTo("Error response from daemon: cannot remove container \"/kokoro-tts\": "
                + "container is running: stop the container before removing or force remove\n");
        assertThat(docker("rm -f kokoro-tts").exit()).isZero();
        assertThat(kokoro.isUp()).isFalse();
        assertThat(kokoro.calls).containsExactly("up", "down", "up", "down");
    }

    @Test
    void aTakenNameIsDockersConflictError() {
        ssh.run("spark2", RUN_KOKORO);
        SimSsh.Result again = ssh.run("spark2", RUN_KOKORO);
        assertThat(again.exit()).isEqualTo(125);
        assertThat(again.err()).startsWith("docker: Error response from daemon: Conflict. The container name "
                + "\"/kokoro-tts\" is already in use by container \"")
                .contains("You have to remove (or rename) that container to be able to reuse that name.");
    }

    @Test
    void psTableTemplatesJsonAndFilters() throws Exception {
        ssh.run("spark2", RUN_KOKORO);
        cluster.seedContainer("spark2", "parakeet-asr", "nvcr.io/nim/nvidia/parakeet-tdt-0.6b-v2:1.0.0", false);

        String table = docker("ps").out();
        assertThat(table).startsWith("CONTAINER ID   IMAGE ").contains("   kokoro-tts\n").doesNotContain("parakeet");
        assertThat(table).contains("0.0.0.0:8880->8880/tcp, [::]:8880->8880/tcp");
        assertThat(docker("ps -a --format '{{.Names}}\\t{{.State}}'").out())
                .isEqualTo("parakeet-asr\tcreated\nkokoro-tts\trunning\n");
        assertThat(docker("ps -a --filter name=kokoro --format '{{.Names}}'").out()).isEqualTo("kokoro-tts\n");
        assertThat(docker("ps --filter status=exited -q").out()).isEmpty();

        JsonNode json = new ObjectMapper().readTree(docker("ps --format '{{json .}}'").out());
        assertThat(json.get("Names").asText()).isEqualTo("kokoro-tts");
        assertThat(json.get("State").asText()).isEqualTo("running");
        assertThat(json.get("Status").asText()).startsWith("Up ");
        assertThat(json.get("Image").asText()).isEqualTo(KOKORO_IMAGE);

        SimSsh.Result bad = docker("ps --format '{{.Nope}}'");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).contains("can't evaluate field Nope");

        docker("stop kokoro-tts");
        assertThat(docker("ps -a --filter name=kokoro-tts --format '{{.Status}}'").out()).startsWith("Exited (0) ");
    }

    @Test
    void inspectFormatsAndJson() throws Exception {
        ssh.run("spark2", RUN_KOKORO);
        assertThat(docker("inspect -f '{{.State.Running}}' kokoro-tts").out()).isEqualTo("true\n");
        JsonNode inspect = new ObjectMapper().readTree(docker("inspect kokoro-tts").out());
        assertThat(inspect.get(0).get("Name").asText()).isEqualTo("/kokoro-tts");
        assertThat(inspect.get(0).at("/HostConfig/RestartPolicy/Name").asText()).isEqualTo("unless-stopped");
        assertThat(inspect.get(0).at("/Config/Env").toString()).contains("API_KEY=").doesNotContain("not-kept");

        docker("stop kokoro-tts");
        assertThat(docker("inspect -f '{{.State.Running}}' kokoro-tts").out()).isEqualTo("false\n");
        SimSsh.Result missing = docker("inspect nope");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.out()).isEqualTo("[]\n");
        assertThat(missing.err()).isEqualTo("Error: No such object: nope\n");

        assertThat(docker("image inspect --format {{.Id}} vllm-node").out())
                .isEqualTo(cluster.node("spark2").imageId("vllm-node").orElseThrow() + "\n");
    }

    @Test
    void copiedPatchIsGoneOnceTheContainerIsRecreated() {
        ssh.run("spark2", RUN_KOKORO);
        SimSsh.Result cp = ssh.run("spark2", "printf 'patched\\n' > ~/fix.py && docker cp ~/fix.py kokoro-tts:/app/fix.py");
        assertThat(cp.exit()).as(cp.err()).isZero();
        assertThat(cp.err()).startsWith("Successfully copied ").endsWith(" to kokoro-tts:/app/fix.py\n");
        assertThat(docker("exec kokoro-tts test -f /app/fix.py").exit()).isZero();
        assertThat(docker("exec kokoro-tts cat /app/fix.py").out()).isEqualTo("patched\n");
        assertThat(cluster.node("spark2").container("kokoro-tts").orElseThrow().overlayPaths())
                .containsExactly("/app/fix.py");

        ssh.run("spark2", "docker rm -f kokoro-tts && " + RUN_KOKORO);
        assertThat(docker("exec kokoro-tts test -f /app/fix.py").exit()).isEqualTo(1);
        assertThat(docker("exec kokoro-tts ls /app").exit()).isEqualTo(2);
    }

    @Test
    void execErrorsAreDockers() {
        cluster.seedContainer("spark2", "embeddings", "ghcr.io/huggingface/text-embeddings-inference:1.8", false);
        SimSsh.Result stopped = docker("exec embeddings true");
        assertThat(stopped.exit()).isEqualTo(1);
        assertThat(stopped.err()).matches("Error response from daemon: container [0-9a-f]{64} is not running\n");
        docker("start embeddings");
        SimSsh.Result unknown = docker("exec embeddings frobnicate");
        assertThat(unknown.exit()).isEqualTo(127);
        assertThat(unknown.err()).contains("exec: \"frobnicate\": executable file not found in $PATH");
        assertThat(docker("exec nope true").err()).isEqualTo("Error response from daemon: No such container: nope\n");
        assertThat(docker("stop nope").exit()).isEqualTo(1);
    }

    @Nested
    class Login {

        static final String SECRET = "nvapi-Sup3rSecret";

        @Test
        void passwordStdinRecordsOnlyItsSize() {
            SimSsh.Result login = ssh.run("spark2", "docker login nvcr.io -u '$oauthtoken' --password-stdin",
                    SECRET + "\n");
            assertThat(login.exit()).as(login.err()).isZero();
            assertThat(login.out()).isEqualTo("Login Succeeded\n");
            assertThat(cluster.node("spark2").dockerLogins()).singleElement().satisfies(l -> {
                assertThat(l.registry()).isEqualTo("nvcr.io");
                assertThat(l.username()).isEqualTo("$oauthtoken");
                assertThat(l.passwordBytes()).isEqualTo(SECRET.length());
                assertThat(l.passwordOnCommandLine()).isFalse();
            });
            assertThat(cluster.commands()).filteredOn(c -> c.argv().contains("login")).singleElement()
                    .satisfies(c -> assertThat(c.stdinBytes()).isEqualTo(SECRET.length() + 1));
            assertThat(cluster.commands()).noneMatch(c -> c.line().contains(SECRET));
            assertThat(cluster.execs()).noneMatch(e -> e.commandLine().contains(SECRET));
        }

        @Test
        void emptyStdinIsDockersNonTtyError() {
            SimSsh.Result login = ssh.run("spark2", "docker login nvcr.io -u '$oauthtoken' --password-stdin < /dev/null");
            assertThat(login.exit()).isEqualTo(1);
            assertThat(login.err()).isEqualTo("Error: Cannot perform an interactive login from a non TTY device\n");
            assertThat(cluster.node("spark2").dockerLogins()).isEmpty();
        }

        @Test
        void nvcrPullsNeedALogin() {
            String image = "nvcr.io/nim/nvidia/parakeet-tdt-0.6b-v2:1.0.0";
            SimSsh.Result denied = docker("pull " + image);
            assertThat(denied.exit()).isEqualTo(1);
            assertThat(denied.err()).contains("unauthorized");
            ssh.run("spark2", "docker login nvcr.io -u '$oauthtoken' --password-stdin", SECRET);
            SimSsh.Result pulled = docker("pull " + image);
            assertThat(pulled.exit()).as(pulled.err()).isZero();
            assertThat(pulled.out()).startsWith("1.0.0: Pulling from nvcr.io/nim/nvidia/parakeet-tdt-0.6b-v2\n")
                    .contains("Status: Downloaded newer image for " + image + "\n");
        }
    }
}

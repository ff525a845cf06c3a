package com.sparkcontrol.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.sparkcontrol.config.SparkControlProperties;
import com.sparkcontrol.events.EventBus;
import com.sparkcontrol.sim.RecordedCommand;
import com.sparkcontrol.sim.RecordedExec;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 11 §5: the key flows run with recognisable fake secrets (NGC key, HF token, admin password, API key), and
 * none of them may show up in a log line, an API answer, an error message or a command line a Spark received.
 */
class SecretsTests extends SecuredClusterTest {

    /** A repo the simulated Hugging Face knows (a catalog model's weights). */
    static final String DOWNLOAD_REPO = "nvidia/NVIDIA-Nemotron-3-Nano-30B-A3B-NVFP4";

    @Autowired
    SparkControlProperties properties;

    @Autowired
    EventBus events;

    private static final java.util.function.Function<Object, String> JSON_OF = data -> {
        try {
            return Caller.JSON.writeValueAsString(data);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return String.valueOf(data);
        }
    };

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final List<String> answers = new ArrayList<>();

    @BeforeEach
    void captureEveryLogLine() {
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach
    void stopCapturing() {
        root().detachAppender(logs);
        logs.stop();
    }

    Map<String, String> secrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("NGC API key", properties.ngcApiKey());
        secrets.put("HF token", properties.hfToken());
        assertThat(properties.hfToken()).isEqualTo(HF_TOKEN);
        secrets.put("admin password", ADMIN_PASSWORD);
        secrets.put("API key", API_KEY);
        secrets.put("redaction upstream key", REDACTION_UPSTREAM_KEY);
        return secrets;
    }

    @Test
    void theFakeSecretsAreConfiguredAndRecognisable() {
        secrets().forEach((name, value) -> assertThat(value).as(name).isNotBlank().hasSizeGreaterThan(12)
                .containsAnyOf("FAKE", "SIMULATED", "fake"));
        assertThat(properties.toString()).doesNotContain(secrets().values());
    }

    @Test
    void noSecretLeaksFromTheKeyFlows() {
        // admin: a wrong password, a sign-in, a password change to the same value, a control action, a sign-out
        Caller guesser = caller().always("X-Forwarded-For", "203.0.113.99");
        keep(guesser.signIn(ADMIN_PASSWORD + "-wrong"));
        Caller admin = caller();
        keep(admin.signIn(ADMIN_PASSWORD));
        keep(admin.call("POST", "/api/auth/password", Map.of("password", ADMIN_PASSWORD)));
        keep(admin.call("POST", "/api/auth/password", Map.of("password", "short")));
        keep(admin.call("DELETE", AdminPlaneTests.ACTION, null));
        for (String view : List.of("/api/auth/session", "/api/audit?limit=1000", "/api/health", "/api/endpoints",
                "/api/ssh/public-key", "/api/status", "/api/models", "/api/services", "/api/hardware", "/api/downloads", "/api/swap",
                "/api/connectivity", "/api/health/deep", "/api/routes", "/api/embeddings/pin", "/api/cluster/update", "/api/cluster/image")) {
            keep(admin.get(view));
        }
        // a download, which hands the HF token to hf-download.sh, and the Parakeet install, which logs in to nvcr.io
        HttpResponse<String> download = admin.call("POST", "/api/downloads", Map.of("repo", DOWNLOAD_REPO));
        keep(download);
        assertThat(download.statusCode()).as(download.body()).isEqualTo(202);
        String downloadId = Caller.json(download).path("downloadId").asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> !Caller.json(admin.get("/api/downloads/" + downloadId)).path("state").asText().equals("RUNNING"));
        keep(admin.get("/api/downloads/" + downloadId));
        HttpResponse<String> install = admin.call("POST", "/api/services/parakeet/install", null);
        keep(install);
        assertThat(install.statusCode()).as(install.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> !Caller.json(admin.get("/api/services/parakeet/last-action")).path("result").asText().equals("running"));
        keep(admin.get("/api/services/parakeet/last-action"));
        keep(admin.get("/api/services"));
        // what the browsers were sent meanwhile over /api/events (the bus replays its recent events)
        events.since(0).forEach(event -> answers.add("event " + event.type() + " " + JSON_OF.apply(event.data())));
        keep(admin.call("POST", "/api/auth/logout", null));

        // the flows really ran, and really used the secrets (over stdin, as byte counts prove)
        assertThat(cluster.execs()).anySatisfy(e -> assertThat(e.commandLine()).contains("hf-download.sh"));
        assertThat(cluster.execs()).filteredOn(e -> e.commandLine().contains("hf-download.sh"))
                .anySatisfy(e -> assertThat(e.stdinBytes()).isGreaterThanOrEqualTo(HF_TOKEN.length()));
        assertThat(cluster.commands()).anySatisfy(c -> assertThat(c.line()).startsWith("docker login nvcr.io"));
        assertThat(cluster.commands()).filteredOn(c -> c.line().startsWith("docker login nvcr.io"))
                .allSatisfy(c -> assertThat(c.stdinBytes()).isGreaterThanOrEqualTo(properties.ngcApiKey().length()));

        // data plane: the right key, a wrong key that contains the real one, a key in the wrong scheme
        Caller app = caller().always("Authorization", "Bearer " + API_KEY);
        keep(app.get("/v1/models"));
        keep(app.callWithoutToken("POST", "/v1/chat/completions",
                "{\"model\":\"nobody\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        keep(caller().always("Authorization", "Bearer " + API_KEY + "x").get("/v1/models"));
        keep(caller().always("Authorization", "Basic " + API_KEY).get("/v1/models"));
        keep(caller().always("Authorization", "Bearer " + API_KEY).get("/actuator/info"));
        keep(app.callWithoutToken("POST", "/redact/v1/chat/completions",
                "{\"model\":\"nobody\",\"messages\":[{\"role\":\"user\",\"content\":\"mail jane@example.com\"}]}"));
        keep(app.callWithoutToken("POST", "/api/redact", "{\"text\":\"mail jane@example.com\"}"));

        assertNoSecretAnywhere();
    }

    private void keep(HttpResponse<String> answer) {
        answers.add(answer.uri() + " -> " + answer.statusCode() + " " + answer.headers().map() + " " + answer.body());
    }

    private void assertNoSecretAnywhere() {
        List<String> logLines = logs.list.stream().map(SecretsTests::render).toList();
        List<String> commandLines = new ArrayList<>();
        cluster.execs().stream().map(RecordedExec::commandLine).forEach(commandLines::add);
        cluster.commands().stream().map(RecordedCommand::line).forEach(commandLines::add);
        assertThat(logLines).as("captured log lines").isNotEmpty();
        secrets().forEach((name, secret) -> {
            assertThat(logLines).as("log lines containing the %s", name).noneMatch(line -> line.contains(secret));
            assertThat(answers).as("API answers containing the %s", name).noneMatch(answer -> answer.contains(secret));
            assertThat(commandLines).as("Spark command lines containing the %s", name).noneMatch(line -> line.contains(secret));
        });
    }

    private static String render(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
        event.getMDCPropertyMap().forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return line.toString();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}

package com.sparkcontrol.security;

import com.sparkcontrol.support.BackgroundPollers;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.sim.RecordedCommand;
import com.sparkcontrol.sim.RecordedExec;
import com.sparkcontrol.support.SimulatedClusterTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 11 §4: every endpoint that leads to an SSH command gets every value of {@link HostileInputs}, and must answer
 * 4xx with ZERO commands reaching the simulated Sparks (no SSH exec at all, and no simulated program run). Background
 * pollers are paused meanwhile, so any command recorded was caused by the request. A positive control per endpoint
 * proves each one exists (a well-formed but unknown value reaches its controller), so a renamed path cannot make the
 * suite pass by answering 404 for everything.
 */
class HostileInputTests extends SimulatedClusterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final List<String> LEAKED = new ArrayList<>();

    @Autowired
    CamelContext camel;

    private static BackgroundPollers pollers;

    /** One endpoint that leads to SSH: where the hostile value goes, and a well-formed value it does not know. */
    record Endpoint(String name, String method, String path, Function<String, Object> body, String unknownButValid) {

        /** The value is a path segment ({@code {}} in the path) or a query parameter value. */
        static Endpoint inUrl(String method, String path, String unknownButValid) {
            return new Endpoint(method + " " + path, method, path, v -> null, unknownButValid);
        }

        /** The value goes into a JSON body. */
        static Endpoint inBody(String method, String path, String field, Function<String, Object> body, String unknownButValid) {
            return new Endpoint(method + " " + path + " {" + field + "}", method, path, body, unknownButValid);
        }

        String pathFor(String value) {
            return path.contains("{}") ? path.replace("{}", encode(value)) : path;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** An id no test uses: were a hostile override ever accepted, it would be written under this id (and removed). */
    static final String PROBE_MODEL = "hostile-probe";

    /**
     * Every endpoint in this build whose input can reach a Spark's command line (directly, or later, as a swap's
     * flags or a download's repo). Endpoints without input ({@code POST /api/cluster/update}, {@code DELETE /api/swap})
     * have nothing to inject.
     */
    static List<Endpoint> endpoints() {
        return List.of(
                Endpoint.inUrl("POST", "/api/models/{}/switch", "no-such-model"),
                Endpoint.inUrl("PUT", "/api/models/{}/overrides", "no-such-model"),
                Endpoint.inUrl("DELETE", "/api/models/{}/overrides", "no-such-model"),
                Endpoint.inBody("PUT", "/api/models/" + PROBE_MODEL + "/overrides", "repo",
                        v -> Map.of("repo", v, "mode", "solo", "context", 4096), "x"),
                Endpoint.inBody("PUT", "/api/models/" + PROBE_MODEL + "/overrides", "image",
                        v -> Map.of("repo", "Org/Model", "mode", "solo", "context", 4096, "image", v), "x"),
                Endpoint.inBody("PUT", "/api/models/" + PROBE_MODEL + "/overrides", "env",
                        v -> Map.of("repo", "Org/Model", "mode", "solo", "context", 4096, "env", List.of(v)), "x"),
                Endpoint.inBody("PUT", "/api/models/" + PROBE_MODEL + "/overrides", "mode",
                        v -> Map.of("repo", "Org/Model", "mode", v, "context", 4096), "x"),
                Endpoint.inBody("POST", "/api/downloads", "repo", v -> Map.of("repo", v), "x"),
                Endpoint.inUrl("DELETE", "/api/downloads/{}", "0000beef"),
                Endpoint.inUrl("POST", "/api/services/{}/start", "no-such-service"),
                Endpoint.inUrl("POST", "/api/services/{}/install", "no-such-service"),
                Endpoint.inUrl("POST", "/api/services/parakeet/{}", "explode"),
                Endpoint.inUrl("GET", "/api/services/{}", "no-such-service"),
                Endpoint.inUrl("GET", "/api/services/{}/last-action", "no-such-service"),
                Endpoint.inUrl("GET", "/api/cluster/image?refresh={}", "maybe"),
                Endpoint.inUrl("DELETE", "/api/ssh/known-hosts/{}", "spark9"));
    }

    static Stream<Arguments> everyEndpointTimesEveryHostileValue() {
        return endpoints().stream().flatMap(endpoint -> HostileInputs.corpus().entrySet().stream()
                .map(input -> Arguments.of(endpoint, input.getKey(), input.getValue())));
    }

    static Stream<Endpoint> everyEndpoint() {
        return endpoints().stream();
    }

    private static String lastBaseUrl;

    @BeforeEach
    void pauseBackgroundPollers() {
        lastBaseUrl = baseUrl();
        if (pollers == null) {
            pollers = BackgroundPollers.pause(camel);
        }
        cluster.clearRecords();
    }

    @AfterEach
    void keepAnyLateCommands() {
        recordedLines().forEach(LEAKED::add);
    }

    @AfterAll
    static void noCommandArrivedLateAndPollersResume() throws Exception {
        try {
            // were a hostile override ever accepted, it must not stay in the shared catalog
            HTTP.send(HttpRequest.newBuilder(URI.create(lastBaseUrl + "/api/models/" + PROBE_MODEL + "/overrides")).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(LEAKED).as("commands that reached a Spark after a hostile request had been answered").isEmpty();
        } finally {
            if (pollers != null) {
                pollers.resume();
                pollers = null;
            }
        }
    }

    @ParameterizedTest(name = "{0} <- {1}")
    @MethodSource("everyEndpointTimesEveryHostileValue")
    void hostileValueIsA4xxAndNoCommandReachesASpark(Endpoint endpoint, String inputName, String value) throws Exception {
        HttpResponse<String> answer = send(endpoint, value);

        assertThat(answer.statusCode()).as("%s with %s answered %s", endpoint, inputName, answer.body()).isBetween(400, 499);
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("<html");
        assertThat(recordedLines()).as("commands run on a Spark for %s with %s", endpoint, inputName).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyEndpoint")
    void eachEndpointExistsAndReachesItsController(Endpoint endpoint) throws Exception {
        HttpResponse<String> answer = send(endpoint, endpoint.unknownButValid());
        assertThat(answer.statusCode()).as(answer.body()).isNotEqualTo(405);
        assertThat(answer.body()).as("the path itself must exist").doesNotContain("no such path");
    }

    @Test
    void theCorpusCoversEveryKindTheIssueNames() {
        assertThat(HostileInputs.corpus()).containsKeys("semicolon", "command-substitution", "backticks", "newline", "nul",
                "dash-rf", "double-dash-help", "traversal", "encoded-traversal", "cyrillic-o-model", "fullwidth", "ten-kilobytes");
    }

    private HttpResponse<String> send(Endpoint endpoint, String value) throws Exception {
        Object body = endpoint.body().apply(value);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + endpoint.pathFor(value)))
                .timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
        if (body == null) {
            request.method(endpoint.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(endpoint.method(), HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> recordedLines() {
        List<String> lines = new ArrayList<>();
        cluster.execs().stream().map(RecordedExec::commandLine).forEach(lines::add);
        cluster.commands().stream().map(RecordedCommand::line).forEach(lines::add);
        return lines;
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters, so the value arrives as one segment or parameter. */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

}

package com.sparkcontrol.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sparkcontrol.support.SimulatedClusterTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class OperatorRoutesTests extends SimulatedClusterTest {

    @Autowired
    OperatorRoutes operatorRoutes;

    final HttpClient http = HttpClient.newHttpClient();

    Path folder() throws Exception {
        return Files.createDirectories(ROOT.resolve("routes"));
    }

    @AfterEach
    void removeTestFiles() throws Exception {
        try (var files = Files.list(folder())) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("test-")).toList()) {
                Files.delete(f);
            }
        }
        operatorRoutes.scan();
    }

    static String helloRoute(String id, String path, String body) {
        return """
                - route:
                    id: %s
                    from:
                      uri: platform-http:%s
                      steps:
                        - setBody:
                            constant: "%s"
                """.formatted(id, path, body);
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void droppedFileAnswersEditedFileChangesDeletedFileDisappears() throws Exception {
        Path file = folder().resolve("test-hello.yaml");
        Files.writeString(file, helloRoute("test-hello", "/custom/hello", "hello one"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(get("/custom/hello").body()).isEqualTo("hello one"));

        Files.writeString(file, helloRoute("test-hello", "/custom/hello", "hello two, edited"));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(get("/custom/hello").body()).isEqualTo("hello two, edited"));

        Files.delete(file);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            HttpResponse<String> gone = get("/custom/hello");
            assertThat(gone.statusCode()).as(gone.body()).isEqualTo(404);
        });
        assertThat(operatorRoutes.files()).noneMatch(s -> s.file().endsWith("test-hello.yaml"));
    }

    @Test
    void brokenFileIsReportedWithItsLineWhileOtherRoutesKeepServing() throws Exception {
        Files.writeString(folder().resolve("test-good.yaml"), helloRoute("test-good", "/custom/good", "still here"));
        Files.writeString(folder().resolve("test-broken.yaml"), """
                - route:
                    id: test-broken
                    from:
                      uri: platform-http:/custom/broken
                      steps:
                        - setBody:
                            constant: [unclosed
                """);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(get("/custom/good").body()).isEqualTo("still here");
            assertThat(operatorRoutes.errors()).anySatisfy(error -> {
                assertThat(error.file()).endsWith("test-broken.yaml");
                assertThat(error.error().line()).isNotNull();
                assertThat(error.error().reason()).isNotBlank();
            });
        });
        assertThat(get("/api/routes").body()).contains("test-broken.yaml").contains("\"line\"");
    }

    @Test
    void bundledExamplesAreSeededIntoANewFolderButNotEnabled() throws Exception {
        assertThat(folder().resolve("examples")).isDirectory();
        assertThat(operatorRoutes.files()).noneMatch(s -> s.file().contains("/examples/"));
    }
}

package com.sparkcontrol.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.config.BackendUrls;
import com.sparkcontrol.config.BackendUrls.Backend;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * {@code GET /v1/models} on the head's vLLM: which model is served. vLLM refuses connections (or answers
 * non-200) while it loads, which is "nothing served yet", not an error.
 */
@Component
class VllmModels {

    /** One entry of {@code data[]}: the served id and the repo it came from. */
    record Served(String id, String root, Integer maxModelLen) {}

    private final BackendUrls urls;
    private final LlmProperties properties;
    private final ObjectMapper json;
    private final HttpClient http;

    VllmModels(BackendUrls urls, LlmProperties properties, ObjectMapper json) {
        this.urls = urls;
        this.properties = properties;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(properties.readyCheckTimeout()).build();
    }

    /** The models served now; empty when vLLM does not answer 200 (down, loading, or not configured). */
    Optional<List<Served>> list() throws InterruptedException {
        Optional<String> base = urls.of(Backend.LLM);
        if (base.isEmpty()) {
            return Optional.empty();
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base.get() + "/v1/models"))
                    .timeout(properties.readyCheckTimeout()).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            List<Served> served = new ArrayList<>();
            for (JsonNode entry : json.readTree(response.body()).path("data")) {
                served.add(new Served(entry.path("id").asText(), entry.path("root").asText(null),
                        entry.hasNonNull("max_model_len") ? entry.get("max_model_len").asInt() : null));
            }
            return Optional.of(served);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}

package com.sparkcontrol.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Inference API keys on the data plane, separate from the admin password (llama-swap #1103). */
class DataPlaneKeyTests extends SecuredClusterTest {

    @Test
    void theRightKeyOpensV1() {
        HttpResponse<String> models = caller().always("Authorization", "Bearer " + API_KEY).get("/v1/models");
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(Caller.json(models).path("object").asText()).isEqualTo("list");
    }

    @Test
    void discoveryAndHealthStayReachableWithoutAKey() {
        Caller app = caller();
        assertThat(app.get("/api/endpoints").statusCode()).isEqualTo(200);
        assertThat(app.get("/api/health").statusCode()).isEqualTo(200);
        assertThat(app.get("/actuator/health").statusCode()).isEqualTo(200);
    }

    /** Prometheus scrapes like any machine client: with keys set, it sends one. */
    @Test
    void prometheusAndTheOtherActuatorEndpointsTakeTheKey() {
        assertThat(caller().get("/actuator/prometheus").statusCode()).isEqualTo(401);
        assertThat(caller().get("/actuator/info").statusCode()).isEqualTo(401);
        HttpResponse<String> scrape = caller().send("GET", "/actuator/prometheus", null, false,
                "Authorization", "Bearer " + API_KEY, "Accept", "text/plain");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("# TYPE");
    }

    @Nested
    class Refusals {

        @Test
        void noKeyGetsTheOpenAi401Envelope() {
            HttpResponse<String> answer = caller().get("/v1/models");
            assertOpenAi401(answer);
            assertThat(Caller.json(answer).path("error").path("message").asText()).contains("didn't provide an API key");
            assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        }

        @Test
        void aWrongKeyGetsTheOpenAi401EnvelopeWithoutTheKeyInIt() {
            String wrong = "sk-WRONG-key-that-must-not-echo-5521";
            HttpResponse<String> answer = caller().always("Authorization", "Bearer " + wrong).get("/v1/models");
            assertOpenAi401(answer);
            assertThat(Caller.json(answer).path("error").path("message").asText()).contains("Incorrect API key");
            assertThat(answer.body()).doesNotContain(wrong);
        }

        @Test
        void aKeyThatIsNotBearerIsRefused() {
            assertOpenAi401(caller().always("Authorization", "Basic " + API_KEY).get("/v1/models"));
        }

        @Test
        void streamingChatWithoutAKeyIsRefusedBeforeReachingVllm() {
            HttpResponse<String> answer = caller().callWithoutToken("POST", "/v1/chat/completions",
                    "{\"model\":\"x\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
            assertOpenAi401(answer);
        }

        @Test
        void audioAndRedactionPathsNeedTheKeyToo() {
            assertOpenAi401(caller().callWithoutToken("POST", "/api/audio/diarize-chunk", null));
            assertOpenAi401(caller().callWithoutToken("POST", "/redact/v1/chat/completions", "{}"));
            assertOpenAi401(caller().callWithoutToken("POST", "/api/redact", "{\"text\":\"hi\"}"));
        }

        @Test
        void anAdminSessionDoesNotOpenTheDataPlane() {
            assertOpenAi401(admin().get("/v1/models"));
        }

        private void assertOpenAi401(HttpResponse<String> answer) {
            assertThat(answer.statusCode()).isEqualTo(401);
            JsonNode error = Caller.json(answer).path("error");
            assertThat(error.path("type").asText()).isEqualTo("authentication_error");
            assertThat(error.path("code").asText()).isEqualTo("invalid_api_key");
            assertThat(error.has("param")).isTrue();
        }
    }
}

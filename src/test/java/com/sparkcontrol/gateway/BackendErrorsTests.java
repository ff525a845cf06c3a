package com.sparkcontrol.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendErrorsTests {

    @Test
    void vllmNestedEnvelopeKeepsMessageAndParamAndDropsTheIntegerCode() {
        Map<String, Object> error = translate("llm", 404,
                "{\"error\":{\"message\":\"The model `x` does not exist.\",\"type\":\"NotFoundError\",\"param\":\"model\",\"code\":404}}");
        assertThat(error).containsEntry("message", "The model `x` does not exist.").containsEntry("type", "not_found_error")
                .containsEntry("param", "model").containsEntry("code", "model_not_found");
    }

    @Test
    void vllmFlatErrorBeforeVersion0101() {
        assertThat(translate("llm", 400, "{\"object\":\"error\",\"message\":\"bad\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}"))
                .containsEntry("message", "bad").containsEntry("type", "invalid_request_error").containsEntry("code", null);
    }

    @Test
    void vllmUnauthorizedString() {
        assertThat(translate("llm", 401, "{\"error\":\"Unauthorized\"}"))
                .containsEntry("message", "Unauthorized").containsEntry("type", "authentication_error");
    }

    @Test
    void kokoroDetailDict() {
        assertThat(translate("tts", 400, "{\"detail\":{\"error\":\"validation_error\",\"message\":\"Voice 'x' not found.\",\"type\":\"invalid_request_error\"}}"))
                .containsEntry("message", "Voice 'x' not found.").containsEntry("code", "validation_error")
                .containsEntry("type", "invalid_request_error");
    }

    @Test
    void fastApiValidationListNamesTheField() {
        assertThat(translate("tts", 422, "{\"detail\":[{\"loc\":[\"body\",\"speed\"],\"msg\":\"Input should be less than or equal to 4\",\"type\":\"less_than_equal\"}]}"))
                .containsEntry("message", "speed: Input should be less than or equal to 4").containsEntry("param", "speed");
    }

    @Test
    void teiFlatOpenAiRouteError() {
        assertThat(translate("embeddings", 413, "{\"message\":\"batch size 64 > maximum allowed batch size 32\",\"code\":413,\"type\":\"Validation\"}"))
                .containsEntry("message", "batch size 64 > maximum allowed batch size 32").containsEntry("code", "Validation");
    }

    @Test
    void teiNativeError() {
        assertThat(translate("embeddings", 429, "{\"error\":\"Model is overloaded\",\"error_type\":\"Overloaded\"}"))
                .containsEntry("message", "Model is overloaded").containsEntry("code", "Overloaded").containsEntry("type", "rate_limit_error");
    }

    @Test
    void htmlFromAProxyBecomesAPlainMessageWithoutTheHtml() {
        assertThat(translate("llm", 502, "<html><body>Bad Gateway</body></html>"))
                .containsEntry("message", "the llm backend answered HTTP 502").containsEntry("type", "server_error");
    }

    private static Map<String, Object> translate(String backend, int status, String body) {
        return BackendErrors.translate(backend, status, body.getBytes(StandardCharsets.UTF_8)).errorObject();
    }
}

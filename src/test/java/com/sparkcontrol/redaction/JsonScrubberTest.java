package com.sparkcontrol.redaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Scrubbing OpenAI request bodies: every text field, nothing structural, valid JSON throughout. */
class JsonScrubberTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonScrubber scrubber = new JsonScrubber(mapper);
    private final Redactor redactor = Redactor.withAllDetectors();

    private JsonNode scrub(String json, RedactionSession session) throws Exception {
        return mapper.readTree(scrubber.scrub(json.getBytes(StandardCharsets.UTF_8), session));
    }

    @Test
    void scrubsStringAndArrayContentButNotRolesModelsOrNumbers() throws Exception {
        RedactionSession session = redactor.newSession();
        JsonNode out = scrub("""
                {"model": "jane@example.com-finetune", "temperature": 0.2, "max_tokens": 4155552671,
                 "messages": [
                   {"role": "system", "content": "You help jane@example.com."},
                   {"role": "user", "content": [
                      {"type": "text", "text": "Call me on +49 30 12345678"},
                      {"type": "image_url", "image_url": {"url": "https://img.example.com/jane@example.com.png"}}]}],
                 "user": "jane@example.com"}
                """, session);
        assertThat(out.get("model").asText()).isEqualTo("jane@example.com-finetune");
        assertThat(out.get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(out.get("max_tokens").asLong()).isEqualTo(4155552671L);
        assertThat(out.at("/messages/0/role").asText()).isEqualTo("system");
        assertThat(out.at("/messages/0/content").asText()).isEqualTo("You help <EMAIL_ADDRESS_1>.");
        assertThat(out.at("/messages/1/content/0/type").asText()).isEqualTo("text");
        assertThat(out.at("/messages/1/content/0/text").asText()).isEqualTo("Call me on <PHONE_NUMBER_1>");
        assertThat(out.at("/messages/1/content/1/image_url/url").asText()).isEqualTo("https://img.example.com/jane@example.com.png");
        assertThat(out.get("user").asText()).isEqualTo("<EMAIL_ADDRESS_1>");
    }

    @Test
    void scrubsToolCallArgumentsAndKeepsThemValidJson() throws Exception {
        RedactionSession session = redactor.newSession();
        JsonNode out = scrub("""
                {"messages": [{"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
                  "function": {"name": "send_mail",
                   "arguments": "{\\"to\\": \\"jane@example.com\\", \\"cc\\": [\\"john@example.com\\"], \\"retries\\": 3,\\n \\"by_mail\\": {\\"jane@example.com\\": \\"Quote \\\\\\"hi\\\\\\"\\"}}"}}]},
                  {"role": "tool", "tool_call_id": "call_1", "content": "sent to jane@example.com"}]}
                """, session);
        JsonNode call = out.at("/messages/0/tool_calls/0");
        assertThat(call.get("id").asText()).isEqualTo("call_1");
        assertThat(call.at("/function/name").asText()).isEqualTo("send_mail");
        JsonNode arguments = mapper.readTree(call.at("/function/arguments").asText());
        assertThat(arguments.get("to").asText()).isEqualTo("<EMAIL_ADDRESS_1>");
        assertThat(arguments.at("/cc/0").asText()).isEqualTo("<EMAIL_ADDRESS_2>");
        assertThat(arguments.get("retries").asInt()).isEqualTo(3);
        assertThat(arguments.get("by_mail").has("<EMAIL_ADDRESS_1>")).isTrue();
        assertThat(arguments.at("/by_mail/<EMAIL_ADDRESS_1>").asText()).isEqualTo("Quote \"hi\"");
        assertThat(out.at("/messages/1/tool_call_id").asText()).isEqualTo("call_1");
        assertThat(out.at("/messages/1/content").asText()).isEqualTo("sent to <EMAIL_ADDRESS_1>");
    }

    @Test
    void scrubsToolDefinitionsAndTheirParameterDescriptions() throws Exception {
        JsonNode out = scrub("""
                {"tools": [{"type": "function", "function": {"name": "lookup",
                  "description": "Looks up customers; escalate to boss@example.com",
                  "parameters": {"type": "object", "properties": {"email": {"type": "string", "format": "email",
                     "description": "e.g. jane@example.com", "enum": ["jane@example.com", "other"]}}, "required": ["email"]}}}]}
                """, redactor.newSession());
        JsonNode function = out.at("/tools/0/function");
        assertThat(function.get("description").asText()).isEqualTo("Looks up customers; escalate to <EMAIL_ADDRESS_1>");
        assertThat(function.at("/parameters/properties/email/description").asText()).isEqualTo("e.g. <EMAIL_ADDRESS_2>");
        assertThat(function.at("/parameters/properties/email/enum/0").asText()).isEqualTo("<EMAIL_ADDRESS_2>");
        assertThat(function.at("/parameters/properties/email/type").asText()).isEqualTo("string");
        assertThat(function.at("/parameters/properties/email/format").asText()).isEqualTo("email");
        assertThat(function.at("/parameters/required/0").asText()).isEqualTo("email");
    }

    @Test
    void scrubsPromptAndInputAsStringsOrListsAndLeavesTokenArrays() throws Exception {
        RedactionSession session = redactor.newSession();
        assertThat(scrub("{\"prompt\": \"Dear jane@example.com\"}", session).get("prompt").asText()).isEqualTo("Dear <EMAIL_ADDRESS_1>");
        assertThat(scrub("{\"prompt\": [\"a jane@example.com\", \"b 10.1.2.3\"]}", session).get("prompt").toString())
                .isEqualTo("[\"a <EMAIL_ADDRESS_1>\",\"b <IP_ADDRESS_1>\"]");
        assertThat(scrub("{\"input\": \"IBAN DE89370400440532013000\", \"model\": \"e5\"}", session).get("input").asText())
                .isEqualTo("IBAN <IBAN_CODE_1>");
        assertThat(scrub("{\"input\": [\"x jane@example.com\", \"y\"], \"encoding_format\": \"float\"}", session).get("input").toString())
                .isEqualTo("[\"x <EMAIL_ADDRESS_1>\",\"y\"]");
        String tokens = "{\"input\":[[101,4155552671,102],[7,8]],\"model\":\"e5\"}";
        assertThat(scrubber.scrub(tokens.getBytes(StandardCharsets.UTF_8), session)).asString().isEqualTo(tokens);
    }

    @Test
    void aBodyWithoutPiiComesBackAsTheSameBytes() {
        byte[] body = "{ \"model\" : \"llama\",\n  \"messages\": [{\"role\":\"user\",\"content\":\"Grüße aus Köln, version 1.2.3.4\"}] }"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(scrubber.scrub(body, redactor.newSession())).isSameAs(body);
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedNotForwarded() {
        for (String body : new String[] {"{\"messages\": [", "", "\"just a string with jane@example.com\"", "42"}) {
            assertThatThrownBy(() -> scrubber.scrub(body.getBytes(StandardCharsets.UTF_8), redactor.newSession()))
                    .isInstanceOf(RedactionFailedException.class)
                    .satisfies(e -> assertThat(((RedactionFailedException) e).reason())
                            .isEqualTo(RedactionFailedException.Reason.INVALID_REQUEST_BODY));
        }
    }

    @Test
    void argumentsThatAreNotJsonAreScrubbedAsText() throws Exception {
        JsonNode out = scrub("{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{\"function\":{\"name\":\"f\","
                + "\"arguments\":\"{\\\"to\\\": \\\"jane@example.com\"}}]}]}", redactor.newSession());
        assertThat(out.at("/messages/0/tool_calls/0/function/arguments").asText()).isEqualTo("{\"to\": \"<EMAIL_ADDRESS_1>");
    }

    @Test
    void placeholderShapedTextInTheBodyIsReservedBeforeAnythingIsAssigned() throws Exception {
        RedactionSession session = redactor.newSession();
        JsonNode out = scrub("""
                {"messages": [{"role": "user", "content": "mine: jane@example.com"},
                              {"role": "user", "content": "the template uses <EMAIL_ADDRESS_1>"}]}
                """, session);
        assertThat(out.at("/messages/0/content").asText()).isEqualTo("mine: <EMAIL_ADDRESS_2>");
        assertThat(session.restore("<EMAIL_ADDRESS_1>")).isEqualTo("<EMAIL_ADDRESS_1>");
    }
}

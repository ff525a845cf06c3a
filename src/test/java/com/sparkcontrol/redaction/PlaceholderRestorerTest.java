package com.sparkcontrol.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Restoring whole (non-streamed) responses, and scrub-then-restore round trips. */
class PlaceholderRestorerTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final Redactor redactor = Redactor.withAllDetectors();

    @Test
    void restoresContentToolCallArgumentsAndCompletionText() throws Exception {
        RedactionSession session = redactor.newSession();
        session.redact("Jane \"JJ\" <jane@example.com> wants a call on +49 30 12345678");
        session.redact("a \"quoted\" term"); // nothing to redact: no placeholder
        PlaceholderRestorer restorer = new PlaceholderRestorer(session, mapper);
        byte[] response = """
                {"id": "chatcmpl-1", "choices": [{"index": 0, "message": {"role": "assistant",
                  "content": "Calling <PHONE_NUMBER_1> for <EMAIL_ADDRESS_1>; <EMAIL_ADDRESS_7> is unknown.",
                  "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "call",
                     "arguments": "{\\"number\\": \\"<PHONE_NUMBER_1>\\", \\"who\\": \\"<EMAIL_ADDRESS_1>\\"}"}}]}}],
                 "usage": {"prompt_tokens": 12}}
                """.getBytes(StandardCharsets.UTF_8);
        JsonNode out = mapper.readTree(restorer.restoreResponse(response));
        assertThat(out.at("/choices/0/message/content").asText())
                .isEqualTo("Calling +49 30 12345678 for jane@example.com; <EMAIL_ADDRESS_7> is unknown.");
        JsonNode arguments = mapper.readTree(out.at("/choices/0/message/tool_calls/0/function/arguments").asText());
        assertThat(arguments.get("number").asText()).isEqualTo("+49 30 12345678");
        assertThat(arguments.get("who").asText()).isEqualTo("jane@example.com");
        assertThat(out.at("/usage/prompt_tokens").asInt()).isEqualTo(12);

        byte[] completion = "{\"choices\":[{\"index\":0,\"text\":\"to <EMAIL_ADDRESS_1>\"}]}".getBytes(StandardCharsets.UTF_8);
        assertThat(mapper.readTree(restorer.restoreResponse(completion)).at("/choices/0/text").asText()).isEqualTo("to jane@example.com");
    }

    @Test
    void valuesThatNeedJsonEscapingStayValidInsideArguments() throws Exception {
        Redactor denyQuoted = new Redactor(List.of(), List.of(), List.of("Acme \"Rockets\" \\ Co"));
        RedactionSession session = denyQuoted.newSession();
        assertThat(session.redact("buy from Acme \"Rockets\" \\ Co")).isEqualTo("buy from <DENY_LIST_1>");
        byte[] response = "{\"choices\":[{\"message\":{\"tool_calls\":[{\"function\":{\"arguments\":\"{\\\"vendor\\\":\\\"<DENY_LIST_1>\\\"}\"}}]}}]}"
                .getBytes(StandardCharsets.UTF_8);
        JsonNode out = mapper.readTree(new PlaceholderRestorer(session, mapper).restoreResponse(response));
        JsonNode arguments = mapper.readTree(out.at("/choices/0/message/tool_calls/0/function/arguments").asText());
        assertThat(arguments.get("vendor").asText()).isEqualTo("Acme \"Rockets\" \\ Co");
    }

    @Test
    void responsesWithNothingToRestoreComeBackAsTheSameBytes() {
        RedactionSession session = redactor.newSession();
        session.redact("jane@example.com");
        byte[] plain = "{\"choices\":[{\"message\":{\"content\":\"No placeholders here.\"}}]}".getBytes(StandardCharsets.UTF_8);
        assertThat(new PlaceholderRestorer(session).restoreResponse(plain)).isSameAs(plain);
        byte[] withPlaceholder = "{\"choices\":[{\"message\":{\"content\":\"<EMAIL_ADDRESS_1>\"}}]}".getBytes(StandardCharsets.UTF_8);
        assertThat(PlaceholderRestorer.passThrough().restoreResponse(withPlaceholder)).isSameAs(withPlaceholder);
        assertThat(new PlaceholderRestorer(redactor.newSession()).restoreResponse(withPlaceholder)).isSameAs(withPlaceholder);
    }

    @Test
    void aResponseThatIsNotJsonIsRestoredAsText() {
        RedactionSession session = redactor.newSession();
        session.redact("jane@example.com");
        byte[] body = "upstream said: unknown user <EMAIL_ADDRESS_1>".getBytes(StandardCharsets.UTF_8);
        assertThat(new PlaceholderRestorer(session).restoreResponse(body)).asString(StandardCharsets.UTF_8)
                .isEqualTo("upstream said: unknown user jane@example.com");
    }

    @Test
    void scrubThenRestoreGivesBackToolCallArgumentsAndArrayContent() throws Exception {
        String request = """
                {"model": "m", "messages": [
                  {"role": "user", "content": [{"type": "text", "text": "Ich heiße Jürgen, Mail jürgen.groß@bücher.example, IBAN DE89 3704 0044 0532 0130 00"},
                                               {"type": "text", "text": "Karte 4111-1111-1111-1111 und nochmal jürgen.groß@bücher.example"}]},
                  {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "pay",
                     "arguments": "{\\"iban\\": \\"DE89 3704 0044 0532 0130 00\\", \\"amount\\": 12.5, \\"memo\\": \\"für \\\\\\"Jürgen\\\\\\" +49 30 12345678\\", \\"tags\\": [\\"10.0.0.7\\", null, true]}"}}]}]}
                """;
        RedactionSession session = redactor.newSession();
        byte[] scrubbed = new JsonScrubber(mapper).scrub(request.getBytes(StandardCharsets.UTF_8), session);
        String scrubbedText = new String(scrubbed, StandardCharsets.UTF_8);
        assertThat(scrubbedText).doesNotContain("bücher.example", "DE89", "4111", "12345678", "10.0.0.7");
        assertThat(session.stats().counts()).containsKeys(EntityType.EMAIL_ADDRESS, EntityType.IBAN_CODE,
                EntityType.CREDIT_CARD, EntityType.PHONE_NUMBER, EntityType.IP_ADDRESS);

        // the upstream echoes the scrubbed conversation back; restoring must give the original
        JsonNode restored = mapper.readTree(new PlaceholderRestorer(session, mapper).restoreResponse(scrubbed));
        JsonNode original = mapper.readTree(request);
        assertThat(restored.at("/messages/0/content")).isEqualTo(original.at("/messages/0/content"));
        String path = "/messages/1/tool_calls/0/function/arguments";
        assertThat(mapper.readTree(restored.at(path).asText())).isEqualTo(mapper.readTree(original.at(path).asText()));
        ((ObjectNode) restored.at("/messages/1/tool_calls/0/function")).remove("arguments");
        ((ObjectNode) original.at("/messages/1/tool_calls/0/function")).remove("arguments");
        assertThat(restored).isEqualTo(original);
    }
}

package com.sparkcontrol.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Restoring placeholders in SSE streams split at arbitrary bytes and across events. */
class SseRestorerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String EMAIL = "jane@example.com";
    private static final String PHONE = "+49 30 12345678";
    private static final String IBAN = "DE89370400440532013000";

    private RedactionSession session;
    private PlaceholderRestorer restorer;

    @BeforeEach
    void session() {
        session = Redactor.withAllDetectors().newSession();
        assertThat(session.redact(EMAIL + " " + PHONE + " " + IBAN)).isEqualTo("<EMAIL_ADDRESS_1> <PHONE_NUMBER_1> <IBAN_CODE_1>");
        restorer = new PlaceholderRestorer(session, MAPPER);
    }

    // ---- stream building and reading --------------------------------------------------------------------

    private static String chunk(int index, ObjectNode delta, String finishReason) {
        ObjectNode event = MAPPER.createObjectNode().put("id", "chatcmpl-7").put("object", "chat.completion.chunk")
                .put("created", 1732800000).put("model", "qwen");
        ObjectNode choice = event.putArray("choices").addObject().put("index", index);
        choice.set("delta", delta);
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        return "data: " + event + "\n\n";
    }

    private static ObjectNode content(String text) {
        return MAPPER.createObjectNode().put("content", text);
    }

    private static ObjectNode toolArguments(int toolIndex, String arguments) {
        ObjectNode delta = MAPPER.createObjectNode();
        ObjectNode call = delta.putArray("tool_calls").addObject().put("index", toolIndex);
        call.putObject("function").put("arguments", arguments);
        return delta;
    }

    /** A chat stream: a role event, one event per fragment, a finish event and [DONE]. */
    private static byte[] chatStream(List<String> fragments) {
        StringBuilder sse = new StringBuilder(chunk(0, MAPPER.createObjectNode().put("role", "assistant").put("content", ""), null));
        fragments.forEach(f -> sse.append(chunk(0, content(f), null)));
        sse.append(chunk(0, MAPPER.createObjectNode(), "stop")).append("data: [DONE]\n\n");
        return sse.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Per choice index, the concatenated delta.content (or text); every data line must be JSON. */
    private static Map<Integer, String> contents(byte[] sse) throws IOException {
        Map<Integer, String> out = new TreeMap<>();
        for (JsonNode event : events(sse)) {
            for (JsonNode choice : event.path("choices")) {
                JsonNode text = choice.path("delta").has("content") ? choice.path("delta").get("content") : choice.get("text");
                if (text != null && text.isTextual()) {
                    out.merge(choice.path("index").asInt(), text.asText(), String::concat);
                }
            }
        }
        return out;
    }

    private static List<JsonNode> events(byte[] sse) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        String text = new String(sse, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\ufffd"); // no UTF-8 character was cut in two
        for (String line : text.split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                events.add(MAPPER.readTree(line.substring(6)));
            } else if (!line.equals("data: [DONE]")) {
                assertThat(line).as("only data lines and blank lines").isEmpty();
            }
        }
        return events;
    }

    private static byte[] run(SseRestorer sse, byte[]... chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] chunk : chunks) {
            out.writeBytes(sse.accept(chunk));
        }
        out.writeBytes(sse.finish());
        return out.toByteArray();
    }

    // ---- tests ------------------------------------------------------------------------------------------

    @Test
    void restoresExactlyWhateverByteBoundaryTheUpstreamSplitsAt() throws IOException {
        byte[] stream = chatStream(List.of("Hello ", "<EMAIL_ADDRESS_1>", " and <PHONE_", "NUMBER_1>.", " Grüße aus 東京 <IBAN_CODE_1>",
                "<", "b>bold</b> <EMAIL_ADDRESS_9> <EMAIL_", "ADDRESS_1"));
        String expected = "Hello " + EMAIL + " and " + PHONE + ". Grüße aus 東京 " + IBAN + "<b>bold</b> <EMAIL_ADDRESS_9> <EMAIL_ADDRESS_1";
        byte[] whole = run(restorer.streaming(), stream);
        assertThat(contents(whole)).containsExactly(Map.entry(0, expected));

        for (int cut = 1; cut < stream.length; cut++) {
            byte[] out = run(restorer.streaming(), Arrays.copyOfRange(stream, 0, cut), Arrays.copyOfRange(stream, cut, stream.length));
            assertThat(out).as("split at byte %d", cut).isEqualTo(whole);
        }
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<byte[]> chunks = new ArrayList<>();
            for (int at = 0; at < stream.length; ) {
                int size = 1 + random.nextInt(40);
                chunks.add(Arrays.copyOfRange(stream, at, Math.min(stream.length, at + size)));
                at += size;
            }
            assertThat(run(restorer.streaming(), chunks.toArray(byte[][]::new))).isEqualTo(whole);
        }
        byte[][] single = new byte[stream.length][];
        for (int i = 0; i < stream.length; i++) {
            single[i] = new byte[] {stream[i]};
        }
        assertThat(run(restorer.streaming(), single)).isEqualTo(whole);
    }

    @Test
    void restoresAPlaceholderSplitAcrossTwoOrThreeEventsAtEveryPosition() throws IOException {
        String text = "Mail <EMAIL_ADDRESS_1>, tel <PHONE_NUMBER_1>!";
        String expected = "Mail " + EMAIL + ", tel " + PHONE + "!";
        for (int p = 0; p <= text.length(); p++) {
            byte[] stream = chatStream(List.of(text.substring(0, p), text.substring(p)));
            assertThat(contents(run(restorer.streaming(), stream)).get(0)).as("split at %d", p).isEqualTo(expected);
            for (int q = p; q <= text.length(); q++) {
                byte[] three = chatStream(List.of(text.substring(0, p), text.substring(p, q), text.substring(q)));
                assertThat(contents(run(restorer.streaming(), three)).get(0)).as("split at %d and %d", p, q).isEqualTo(expected);
            }
        }
    }

    @Test
    void restoresStreamedToolCallArgumentsAsValidJson() throws IOException {
        String arguments = "{\"to\": \"<EMAIL_ADDRESS_1>\", \"vendor\": \"<DENY_LIST_1>\"}";
        Redactor deny = new Redactor(DetectorCatalog.detectorsFor(DetectorCatalog.DETECTABLE), List.of(), List.of("Acme \"Rockets\""));
        RedactionSession withQuotes = deny.newSession();
        withQuotes.redact(EMAIL + " Acme \"Rockets\"");
        PlaceholderRestorer quoted = new PlaceholderRestorer(withQuotes, MAPPER);
        for (int p = 0; p <= arguments.length(); p++) {
            String sse = chunk(0, toolArguments(0, arguments.substring(0, p)), null)
                    + chunk(0, toolArguments(0, arguments.substring(p)), null)
                    + chunk(0, MAPPER.createObjectNode(), "tool_calls") + "data: [DONE]\n\n";
            StringBuilder joined = new StringBuilder();
            for (JsonNode event : events(run(quoted.streaming(), sse.getBytes(StandardCharsets.UTF_8)))) {
                for (JsonNode call : event.at("/choices/0/delta/tool_calls")) {
                    joined.append(call.at("/function/arguments").asText());
                }
            }
            JsonNode parsed = MAPPER.readTree(joined.toString());
            assertThat(parsed.get("to").asText()).as("split at %d", p).isEqualTo(EMAIL);
            assertThat(parsed.get("vendor").asText()).isEqualTo("Acme \"Rockets\"");
        }
    }

    @Test
    void releasesOutputAsSoonAsEachEventIsCompleteHoldingBackOnlyAPossiblePlaceholder() throws IOException {
        SseRestorer sse = restorer.streaming();
        byte[] first = chunk(0, content("Hello there, "), null).getBytes(StandardCharsets.UTF_8);
        byte[] second = chunk(0, content("write to <EMAIL_"), null).getBytes(StandardCharsets.UTF_8);
        byte[] third = chunk(0, content("ADDRESS_1> today"), null).getBytes(StandardCharsets.UTF_8);
        byte[] last = (chunk(0, MAPPER.createObjectNode(), "stop") + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);

        assertThat(sse.accept(Arrays.copyOfRange(first, 0, 20))).isEmpty(); // no complete line yet
        byte[] out1 = sse.accept(Arrays.copyOfRange(first, 20, first.length));
        assertThat(out1).as("a line without placeholders passes unchanged").isEqualTo(first);
        assertThat(contents(sse.accept(second))).containsExactly(Map.entry(0, "write to "));
        assertThat(contents(sse.accept(third))).containsExactly(Map.entry(0, EMAIL + " today"));
        byte[] end = run(sse, last);
        assertThat(new String(end, StandardCharsets.UTF_8)).endsWith("data: [DONE]\n\n");
    }

    @Test
    void neverHoldsMoreThanOnePlaceholderLength() throws IOException {
        SseRestorer sse = restorer.streaming();
        int released = 0;
        int sent = 0;
        for (int i = 0; i < 500; i++) {
            String fragment = i % 2 == 0 ? "<EMAIL_" : "x <";
            sent += fragment.length();
            released += contents(sse.accept(chunk(0, content(fragment), null).getBytes(StandardCharsets.UTF_8)))
                    .getOrDefault(0, "").length();
            assertThat(sent - released).isLessThan(PlaceholderTable.MAX_LENGTH);
        }
    }

    @Test
    void heldTextIsReleasedAtTheFinishEventBeforeDoneOrAtTheEndOfTheStream() throws IOException {
        String finish = chunk(0, content("bye <EMAIL_"), null) + chunk(0, MAPPER.createObjectNode(), "stop") + "data: [DONE]\n\n";
        byte[] out = run(restorer.streaming(), finish.getBytes(StandardCharsets.UTF_8));
        List<JsonNode> events = events(out);
        assertThat(events).hasSize(2);
        assertThat(events.get(1).at("/choices/0/delta/content").asText()).isEqualTo("<EMAIL_");
        assertThat(events.get(1).at("/choices/0/finish_reason").asText()).isEqualTo("stop");

        String noFinish = chunk(0, content("bye <PHONE_NUM"), null) + "data: [DONE]\n\n";
        String text = new String(run(restorer.streaming(), noFinish.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        assertThat(contents(text.getBytes(StandardCharsets.UTF_8))).containsExactly(Map.entry(0, "bye <PHONE_NUM"));
        assertThat(text).endsWith("data: [DONE]\n\n");

        String oddFinish = chunk(0, content("bye <EMAIL_"), null)
                + "data: {\"choices\":[{\"index\":0,\"delta\":\"?\",\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
        List<JsonNode> oddEvents = events(run(restorer.streaming(), oddFinish.getBytes(StandardCharsets.UTF_8)));
        assertThat(oddEvents).hasSize(3);
        assertThat(oddEvents.get(2).at("/choices/0/delta/content").asText()).as("kept for the end, not lost").isEqualTo("<EMAIL_");

        String cutOff = chunk(0, content("bye <IBAN_CO"), null);
        assertThat(contents(run(restorer.streaming(), cutOff.getBytes(StandardCharsets.UTF_8))))
                .containsExactly(Map.entry(0, "bye <IBAN_CO"));
    }

    @Test
    void heldTextGoesOutBeforeAnInStreamErrorSoTheClientSeesEverythingTheUpstreamSent() throws IOException {
        String failed = chunk(0, content("Mail <EMAIL_ADDRESS_1> or <PHONE_"), null)
                + "data: {\"error\":{\"message\":\"the llm backend was lost mid-stream\",\"type\":\"server_error\",\"param\":null,\"code\":\"upstream_stream_error\"}}\n\n"
                + "data: [DONE]\n\n";
        List<JsonNode> events = events(run(restorer.streaming(), failed.getBytes(StandardCharsets.UTF_8)));
        assertThat(events).hasSize(3);
        assertThat(events.get(0).at("/choices/0/delta/content").asText()).isEqualTo("Mail " + EMAIL + " or ");
        assertThat(events.get(1).at("/choices/0/delta/content").asText()).as("released before the error").isEqualTo("<PHONE_");
        assertThat(events.get(2).at("/error/code").asText()).isEqualTo("upstream_stream_error");
    }

    @Test
    void keepsChoicesApartWhenSeveralAreStreamedTogether() throws IOException {
        String sse = chunk(0, content("A: <EMAIL_"), null) + chunk(1, content("B: <PHONE_"), null)
                + chunk(1, content("NUMBER_1>"), null) + chunk(0, content("ADDRESS_1>"), null)
                + chunk(0, MAPPER.createObjectNode(), "stop") + chunk(1, MAPPER.createObjectNode(), "stop") + "data: [DONE]\n\n";
        assertThat(contents(run(restorer.streaming(), sse.getBytes(StandardCharsets.UTF_8))))
                .containsExactly(Map.entry(0, "A: " + EMAIL), Map.entry(1, "B: " + PHONE));
    }

    @Test
    void restoresCompletionsStreamsToo() throws IOException {
        String sse = "data: {\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"to <IBAN\",\"finish_reason\":null}]}\n\n"
                + "data: {\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"choices\":[{\"index\":0,\"text\":\"_CODE_1>.\",\"finish_reason\":\"length\"}]}\n\n"
                + "data: [DONE]\n\n";
        assertThat(contents(run(restorer.streaming(), sse.getBytes(StandardCharsets.UTF_8))))
                .containsExactly(Map.entry(0, "to " + IBAN + "."));
    }

    @Test
    void linesWithNothingToRestorePassThroughByteForByte() {
        String sse = ": keep-alive\r\n\r\nevent: message\r\nid: 7\r\ndata:   {\"choices\": [ {\"index\":0, \"delta\": {\"content\": \"pas de données\"}} ] }\r\n\r\n"
                + "data: not json at all\r\n\r\ndata: [DONE]\r\n\r\n";
        byte[] bytes = sse.getBytes(StandardCharsets.UTF_8);
        assertThat(run(restorer.streaming(), bytes)).isEqualTo(bytes);
    }

    @Test
    void passThroughModeLeavesPlaceholdersInPlace() {
        byte[] stream = chatStream(List.of("Mail <EMAIL_", "ADDRESS_1>"));
        SseRestorer sse = PlaceholderRestorer.passThrough().streaming();
        assertThat(sse.accept(stream)).isSameAs(stream);
        assertThat(sse.finish()).isEmpty();
    }

    @Test
    void aRequestWithoutPlaceholdersStreamsUntouched() {
        byte[] stream = chatStream(List.of("Mail <EMAIL_", "ADDRESS_1>"));
        PlaceholderRestorer nothingRedacted = new PlaceholderRestorer(Redactor.withAllDetectors().newSession());
        assertThat(run(nothingRedacted.streaming(), Arrays.copyOfRange(stream, 0, 10), Arrays.copyOfRange(stream, 10, stream.length)))
                .isEqualTo(stream);
    }

    @Test
    void restoringInputStreamDeliversTheRestoredStreamFromATrickleOfUpstreamBytes() throws IOException {
        byte[] stream = chatStream(List.of("Hi <EMAIL_ADD", "RESS_1>, ", "call <PHONE_NUMBER_1>"));
        InputStream trickle = new ByteArrayInputStream(stream) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 7));
            }
        };
        byte[] out;
        try (RestoringInputStream restored = new RestoringInputStream(trickle, restorer.streaming())) {
            out = restored.readAllBytes();
        }
        assertThat(out).isEqualTo(run(restorer.streaming(), stream));
        assertThat(contents(out)).containsExactly(Map.entry(0, "Hi " + EMAIL + ", call " + PHONE));
    }

    @Test
    void eventsWithoutChoicesAreRestoredWholesale() throws IOException {
        String sse = "data: {\"type\":\"response.output_text.done\",\"text\":\"sent to <EMAIL_ADDRESS_1>\"}\n\n";
        JsonNode event = events(run(restorer.streaming(), sse.getBytes(StandardCharsets.UTF_8))).get(0);
        assertThat(event.get("text").asText()).isEqualTo("sent to " + EMAIL);
        assertThat(event.get("type").asText()).isEqualTo("response.output_text.done");
    }
}

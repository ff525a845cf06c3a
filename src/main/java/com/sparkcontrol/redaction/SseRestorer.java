package com.sparkcontrol.redaction;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Restores placeholders in an OpenAI server-sent-event stream as it flows. Fed the upstream's raw byte
 * chunks, split anywhere (mid-line, mid-UTF-8 character), it returns each complete line as soon as it has
 * it. Text fields of a choice ({@code delta.content}, {@code text}, tool-call {@code arguments}, …) are
 * restored over their concatenation across events, so a placeholder split as {@code "<EMAIL_"} +
 * {@code "ADDRESS_1>"} comes out whole; only a suffix that could still become a placeholder is held back,
 * and released in the next event, at the choice's finish, or in one extra event before {@code [DONE]}.
 * Lines without anything to restore pass through byte for byte. One instance per response.
 */
public final class SseRestorer {

    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);

    private final PlaceholderTable table;
    private final ObjectMapper mapper;
    private final SseLineSplitter lines = new SseLineSplitter();
    /** Per choice index, per path inside the choice. */
    private final Map<Integer, Map<String, Channel>> channels = new TreeMap<>();
    private ObjectNode lastEvent;

    private record Channel(DeltaPath path, StreamingTextRestorer restorer) {
    }

    SseRestorer(PlaceholderTable table, ObjectMapper mapper) {
        this.table = table;
        this.mapper = mapper;
    }

    /**
     * The bytes to send on after this chunk of the upstream stream: possibly none, possibly {@code chunk}
     * itself when there is nothing to restore in this response.
     */
    public byte[] accept(byte[] chunk) {
        return accept(chunk, 0, chunk.length);
    }

    public byte[] accept(byte[] chunk, int offset, int length) {
        if (table.isEmpty()) {
            return offset == 0 && length == chunk.length ? chunk : Arrays.copyOfRange(chunk, offset, offset + length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 64);
        lines.feed(chunk, offset, length, line -> handleLine(line, out));
        return out.toByteArray();
    }

    /** The end of the upstream stream: whatever is left, including held-back text. */
    public byte[] finish() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] rest = lines.drain();
        if (rest.length > 0) {
            handleLine(rest, out);
        }
        if (anyHolding()) {
            if (rest.length > 0) {
                out.writeBytes("\n\n".getBytes(StandardCharsets.US_ASCII));
            }
            writeHeldText(out, "\n");
        }
        return out.toByteArray();
    }

    private void handleLine(byte[] line, ByteArrayOutputStream out) {
        int contentEnd = line.length;
        while (contentEnd > 0 && (line[contentEnd - 1] == '\n' || line[contentEnd - 1] == '\r')) {
            contentEnd--;
        }
        String terminator = new String(line, contentEnd, line.length - contentEnd, StandardCharsets.US_ASCII);
        if (!startsWith(line, DATA)) {
            out.writeBytes(line);
            return;
        }
        int payloadStart = DATA.length < contentEnd && line[DATA.length] == ' ' ? DATA.length + 1 : DATA.length;
        String payload = new String(line, payloadStart, contentEnd - payloadStart, StandardCharsets.UTF_8);
        if (payload.strip().equals("[DONE]")) {
            writeHeldText(out, terminator.isEmpty() ? "\n" : terminator);
            out.writeBytes(line);
            return;
        }
        if (!anyHolding() && !PlaceholderRestorer.mayHoldPlaceholder(line)) {
            out.writeBytes(line);
            return;
        }
        JsonNode event;
        try {
            event = mapper.readTree(payload);
        } catch (JsonProcessingException e) {
            out.writeBytes(line); // not JSON: nothing we can restore safely
            return;
        }
        if (event instanceof ObjectNode object && object.path("choices").isArray()) {
            lastEvent = object;
            ArrayNode choices = (ArrayNode) object.get("choices");
            for (int i = 0; i < choices.size(); i++) {
                if (choices.get(i) instanceof ObjectNode choice) {
                    restoreChoice(choice, choice.path("index").asInt(i));
                }
            }
        } else {
            if (event.has("error")) {
                // an in-stream error ends the stream: what was held back goes out first, as the client saw it
                writeHeldText(out, terminator.isEmpty() ? "\n" : terminator);
            }
            PlaceholderRestorer.restoreTree(event, table);
        }
        writeEvent(out, event, terminator);
    }

    private void restoreChoice(ObjectNode choice, int index) {
        Map<String, Channel> ofChoice = channels.computeIfAbsent(index, k -> new LinkedHashMap<>());
        boolean finished = choice.hasNonNull("finish_reason");
        Set<String> seen = new HashSet<>();
        restoreFields(choice, new ArrayList<>(), ofChoice, finished, seen);
        if (finished) {
            for (Map.Entry<String, Channel> entry : ofChoice.entrySet()) {
                StreamingTextRestorer restorer = entry.getValue().restorer();
                if (!seen.contains(entry.getKey()) && restorer.isHolding()
                        && entry.getValue().path().appendTo(choice, restorer.held())) {
                    restorer.flush();
                }
            }
            // what could not be written into this event (an odd shape) goes out before [DONE]
            ofChoice.values().removeIf(channel -> !channel.restorer().isHolding());
        }
    }

    private void restoreFields(ObjectNode node, List<DeltaPath.Step> path, Map<String, Channel> ofChoice,
            boolean finished, Set<String> seen) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (!JsonTextFields.carriesText(name)) {
                continue;
            }
            List<DeltaPath.Step> here = new ArrayList<>(path);
            here.add(DeltaPath.Step.field(name));
            if (value.isTextual()) {
                String key = here.toString();
                seen.add(key);
                Channel channel = ofChoice.computeIfAbsent(key, k -> newChannel(new DeltaPath(here)));
                String released = channel.restorer().push(value.textValue());
                if (finished) {
                    released += channel.restorer().flush();
                }
                field.setValue(mapper.getNodeFactory().textNode(released));
            } else if (value instanceof ObjectNode object) {
                restoreFields(object, here, ofChoice, finished, seen);
            } else if (value instanceof ArrayNode array) {
                for (JsonNode element : array) {
                    if (element instanceof ObjectNode object && object.path("index").isInt()) {
                        List<DeltaPath.Step> at = new ArrayList<>(here);
                        at.add(DeltaPath.Step.element(object.get("index").intValue()));
                        restoreFields(object, at, ofChoice, finished, seen);
                    } else {
                        PlaceholderRestorer.restoreTree(element, table); // no index to follow it by
                    }
                }
            }
        }
    }

    private Channel newChannel(DeltaPath path) {
        return new Channel(path, new StreamingTextRestorer(table, path.isArguments()));
    }

    private boolean anyHolding() {
        for (Map<String, Channel> ofChoice : channels.values()) {
            for (Channel channel : ofChoice.values()) {
                if (channel.restorer().isHolding()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** One extra event carrying every held-back piece, shaped like the last event seen. */
    private void writeHeldText(ByteArrayOutputStream out, String terminator) {
        if (!anyHolding()) {
            return;
        }
        ObjectNode event = lastEvent.deepCopy();
        event.remove("usage");
        ArrayNode choices = event.putArray("choices");
        for (Map.Entry<Integer, Map<String, Channel>> ofChoice : channels.entrySet()) {
            List<Channel> holding = ofChoice.getValue().values().stream().filter(c -> c.restorer().isHolding()).toList();
            if (holding.isEmpty()) {
                continue;
            }
            ObjectNode choice = choices.addObject();
            choice.put("index", ofChoice.getKey());
            for (Channel channel : holding) {
                channel.path().appendTo(choice, channel.restorer().flush());
            }
            choice.putNull("finish_reason");
        }
        writeEvent(out, event, terminator);
        out.writeBytes(terminator.getBytes(StandardCharsets.US_ASCII));
    }

    private void writeEvent(ByteArrayOutputStream out, JsonNode event, String terminator) {
        try {
            out.writeBytes(DATA);
            out.write(' ');
            out.writeBytes(mapper.writeValueAsBytes(event));
            out.writeBytes(terminator.getBytes(StandardCharsets.US_ASCII));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed event always serialises", e);
        }
    }

    private static boolean startsWith(byte[] line, byte[] prefix) {
        if (line.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}

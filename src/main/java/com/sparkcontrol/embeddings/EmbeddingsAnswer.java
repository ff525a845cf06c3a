package com.sparkcontrol.embeddings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * What the pin needs from an OpenAI embeddings answer ({@code {"data":[{"embedding":[…]}], "model":…}}, as TEI
 * and vLLM send it): the model and the length of the first vector, read with a streaming parser so a large
 * batch is never built as a tree. A base64 vector ({@code encoding_format: base64}) is little-endian float32, so
 * its length is its decoded byte count / 4.
 *
 * @param model     the answer's {@code model}, null when absent
 * @param dimension the first vector's length, null when the answer holds no vector
 */
record EmbeddingsAnswer(String model, Integer dimension) {

    private static final JsonFactory JSON = new JsonFactory();

    /** Empty when the bytes are not a JSON object. */
    static Optional<EmbeddingsAnswer> read(byte[] body) {
        Reading reading = new Reading();
        try {
            if (!reading.object(body)) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        String model = reading.model;
        return Optional.of(new EmbeddingsAnswer(model == null || model.isBlank() ? null : model, reading.dimension));
    }

    private static final class Reading {

        String model;
        Integer dimension;

        /** Reads the fields of the object in {@code json}; false when it is not an object. */
        boolean object(byte[] json) throws IOException {
            try (JsonParser parser = JSON.createParser(json)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return false;
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (field.equals("model") && value == JsonToken.VALUE_STRING) {
                        model = parser.getText();
                    } else if (field.equals("data") && value == JsonToken.START_ARRAY && firstItem(parser)) {
                        JsonToken next = parser.nextToken();
                        if (next == JsonToken.START_OBJECT || next == JsonToken.START_ARRAY) {
                            // more vectors follow, not needed: jump over them instead of tokenizing every number
                            // (for a RAG batch that was most of the gateway's CPU for the call), then read on
                            return rest(json, (int) parser.currentLocation().getByteOffset());
                        }
                        while (next != JsonToken.END_ARRAY) { // one vector (the usual call), or odd items
                            parser.skipChildren();
                            next = parser.nextToken();
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
                return parser.currentToken() == JsonToken.END_OBJECT;
            }
        }

        /** Reads {@code data} up to the end of its first object, taking its vector's length; false when it has none. */
        private boolean firstItem(JsonParser parser) throws IOException {
            JsonToken item;
            while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
                if (item != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    continue;
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (field.equals("embedding") && value == JsonToken.START_ARRAY) {
                        int count = 0;
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            parser.skipChildren();
                            count++;
                        }
                        dimension = count;
                    } else if (field.equals("embedding") && value == JsonToken.VALUE_STRING) {
                        dimension = base64Floats(parser.getText());
                    } else {
                        parser.skipChildren();
                    }
                }
                return true;
            }
            return false;
        }

        /**
         * Goes on inside the second item of {@code data}, just after its opening bracket at {@code from}: past the
         * array's closing bracket, then the object's remaining fields (TEI sends {@code model} after the vectors).
         */
        private boolean rest(byte[] json, int from) throws IOException {
            int end = JsonSkip.endOfArray(json, from, 2);
            if (end < 0) {
                return false;
            }
            int next = JsonSkip.whitespace(json, end);
            if (next < json.length && json[next] == '}') {
                return true;
            }
            if (next >= json.length || json[next] != ',') {
                return false;
            }
            byte[] remaining = Arrays.copyOfRange(json, next, json.length); // ",…}" becomes the object "{…}"
            remaining[0] = '{';
            return object(remaining);
        }
    }

    private static int base64Floats(String base64) {
        int chars = base64.length();
        int padding = chars > 0 && base64.charAt(chars - 1) == '=' ? (chars > 1 && base64.charAt(chars - 2) == '=' ? 2 : 1) : 0;
        return (chars / 4 * 3 - padding) / Float.BYTES;
    }
}

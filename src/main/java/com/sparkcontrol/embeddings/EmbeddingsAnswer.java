package com.sparkcontrol.embeddings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
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
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            String model = null;
            Integer dimension = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("model") && value == JsonToken.VALUE_STRING) {
                    model = parser.getText();
                } else if (field.equals("data") && value == JsonToken.START_ARRAY) {
                    dimension = firstVectorLength(parser);
                } else {
                    parser.skipChildren();
                }
            }
            return Optional.of(new EmbeddingsAnswer(model == null || model.isBlank() ? null : model, dimension));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Reads the {@code data} array to its end; the length of its first item's {@code embedding}. */
    private static Integer firstVectorLength(JsonParser parser) throws IOException {
        Integer length = null;
        JsonToken item;
        while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (length != null || item != JsonToken.START_OBJECT) {
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
                    length = count;
                } else if (field.equals("embedding") && value == JsonToken.VALUE_STRING) {
                    length = base64Floats(parser.getText());
                } else {
                    parser.skipChildren();
                }
            }
        }
        return length;
    }

    private static int base64Floats(String base64) {
        int chars = base64.length();
        int padding = chars > 0 && base64.charAt(chars - 1) == '=' ? (chars > 1 && base64.charAt(chars - 2) == '=' ? 2 : 1) : 0;
        return (chars / 4 * 3 - padding) / Float.BYTES;
    }
}

package com.sparkcontrol.sim.backends;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A validated Kokoro-FastAPI {@code /v1/audio/speech} body. Schema violations are pydantic 422s;
 * a bad model or voice is Kokoro's own 400.
 */
record SpeechRequest(String input, String voice, String format, double speed, boolean stream) {

    static final List<String> MODELS = List.of("tts-1", "tts-1-hd", "kokoro", "gpt-4o-mini-tts");
    static final List<String> FORMATS = List.of("mp3", "opus", "aac", "flac", "wav", "pcm");
    static final List<String> SIMULATED_FORMATS = List.of("wav", "pcm");

    /** A refusal with its status and FastAPI body. */
    static final class Refused extends Exception {
        final int status;
        final ObjectNode body;

        Refused(int status, ObjectNode body) {
            super(null, null, false, false);
            this.status = status;
            this.body = body;
        }
    }

    static SpeechRequest parse(JsonNode body) throws Refused {
        if (body == null || !body.isObject()) {
            throw unprocessable(FastApiErrors.item("model_attributes_type",
                    "Input should be a valid dictionary or object to extract fields from", body, null, "body"));
        }
        JsonNode input = body.get("input");
        if (input == null) {
            throw new Refused(422, FastApiErrors.missing(body, "body", "input"));
        }
        if (!input.isTextual()) {
            throw unprocessable(FastApiErrors.item("string_type", "Input should be a valid string", input, null, "body", "input"));
        }
        double speed = speed(body.get("speed"));
        String format = body.path("response_format").asText("mp3");
        if (!FORMATS.contains(format)) {
            throw unprocessable(FastApiErrors.item("literal_error",
                    "Input should be 'mp3', 'opus', 'aac', 'flac', 'wav' or 'pcm'", body.get("response_format"),
                    SimJson.object().put("expected", "'mp3', 'opus', 'aac', 'flac', 'wav' or 'pcm'"),
                    "body", "response_format"));
        }
        String model = body.path("model").asText("kokoro");
        if (!MODELS.contains(model)) {
            throw badRequest("invalid_model", "Unsupported model: " + model);
        }
        String voice;
        try {
            voice = KokoroVoices.resolve(body.path("voice").asText("af_heart"));
        } catch (KokoroVoices.UnknownVoice e) {
            throw badRequest("validation_error", e.getMessage());
        }
        if (!SIMULATED_FORMATS.contains(format)) {
            throw badRequest("validation_error", "The Spark Control simulator produces only wav and pcm audio;"
                    + " response_format '" + format + "' is not simulated");
        }
        if (input.asText().isBlank()) {
            throw badRequest("validation_error", "Input text is empty");
        }
        return new SpeechRequest(input.asText(), voice, format, speed, body.path("stream").asBoolean(true));
    }

    private static double speed(JsonNode speed) throws Refused {
        if (speed == null || speed.isNull()) {
            return 1.0;
        }
        if (!speed.isNumber()) {
            throw unprocessable(FastApiErrors.item("float_parsing", "Input should be a valid number, unable to parse"
                    + " string as a number", speed, null, "body", "speed"));
        }
        double value = speed.asDouble();
        if (value < 0.25) {
            throw unprocessable(FastApiErrors.item("greater_than_equal", "Input should be greater than or equal to 0.25",
                    speed, SimJson.object().put("ge", 0.25), "body", "speed"));
        }
        if (value > 4.0) {
            throw unprocessable(FastApiErrors.item("less_than_equal", "Input should be less than or equal to 4",
                    speed, SimJson.object().put("le", 4.0), "body", "speed"));
        }
        return value;
    }

    private static Refused unprocessable(ObjectNode item) {
        return new Refused(422, FastApiErrors.validation(item));
    }

    private static Refused badRequest(String error, String message) {
        return new Refused(400, FastApiErrors.detail(SimJson.object()
                .put("error", error).put("message", message).put("type", "invalid_request_error")));
    }
}

package com.sparkcontrol.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds every error on {@code /v1} and {@code /redact/v1} as the OpenAI envelope
 * {@code {"error":{"message","type","param","code"}}}, with {@code type} derived from the status so the
 * official SDKs raise the matching exception. Serialisation cannot fail: there is a pre-built fallback.
 */
public final class OpenAiError {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FALLBACK = "{\"error\":{\"message\":\"Spark Control gateway error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}";

    private final int status;
    private final String message;
    private final String type;
    private final String param;
    private final String code;

    private OpenAiError(int status, String message, String type, String param, String code) {
        this.status = status;
        this.message = message;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    public static OpenAiError of(int status, String message) {
        return new OpenAiError(status, message, typeFor(status), null, null);
    }

    public OpenAiError param(String param) {
        return new OpenAiError(status, message, type, param, code);
    }

    public OpenAiError code(String code) {
        return new OpenAiError(status, message, type, param, code);
    }

    public OpenAiError type(String type) {
        return new OpenAiError(status, message, type, param, code);
    }

    public int status() {
        return status;
    }

    public String message() {
        return message;
    }

    /** The {@code error} object alone, e.g. for an in-stream {@code data: {"error":…}} event. */
    public Map<String, Object> errorObject() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return error;
    }

    public Map<String, Object> body() {
        return Map.of("error", errorObject());
    }

    public String json() {
        try {
            return JSON.writeValueAsString(body());
        } catch (JsonProcessingException e) {
            return FALLBACK;
        }
    }

    public byte[] jsonBytes() {
        return json().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code data: {"error":…}\n\ndata: [DONE]\n\n}: how a stream that already started reports a failure. */
    public byte[] asStreamEvents() {
        try {
            return ("data: " + JSON.writeValueAsString(Map.of("error", errorObject())) + "\n\ndata: [DONE]\n\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            return ("data: " + FALLBACK + "\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** OpenAI's type names by status class (openai-python maps these to its exception classes by status). */
    static String typeFor(int status) {
        return switch (status) {
            case 400, 413, 415, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 409 -> "conflict_error";
            case 429 -> "rate_limit_error";
            case 503 -> "service_unavailable";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }
}

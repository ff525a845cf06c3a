package com.sparkcontrol.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.util.function.Supplier;

/**
 * One call arriving on {@code /v1}, as the gateway routes and forwards it: the path below {@code /v1}, the
 * headers worth forwarding, and either the whole (small, JSON) body or a supplier of a streamed body (uploads)
 * that is read only while it is sent upstream. Kept as an exchange property ({@link #PROPERTY}).
 */
public record GatewayRequest(
        String method,
        String path,
        String query,
        String contentType,
        String accept,
        byte[] body,
        Supplier<InputStream> streamedBody,
        long contentLength,
        JsonNode json) {

    public static final String PROPERTY = "sparkControlGatewayRequest";

    /** A request whose body is sent upstream as it is read (e.g. a multipart upload); length -1 when unknown. */
    public static GatewayRequest streamed(String method, String path, String query, String contentType, String accept,
            Supplier<InputStream> body, long contentLength) {
        return new GatewayRequest(method, path, query, contentType, accept, null, body, contentLength, null);
    }

    /** The JSON {@code model} field, or null. */
    public String model() {
        return json != null && json.path("model").isTextual() ? json.get("model").asText() : null;
    }

    /** True when the JSON body asks for a streamed answer ({@code "stream": true}). */
    public boolean stream() {
        return json != null && json.path("stream").asBoolean(false);
    }

    public GatewayRequest withJson(JsonNode newJson, byte[] newBody) {
        return new GatewayRequest(method, path, query, contentType, accept, newBody, null, newBody.length, newJson);
    }
}

package com.sparkcontrol.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.stereotype.Component;

/**
 * First step of every {@code /v1} call: starts its {@link CallRecord}, finds which path it is, checks method,
 * content type and JSON body (a 4xx OpenAI error, before any backend is touched, for anything malformed), and
 * keeps what the router and the forwarder need as a {@link GatewayRequest}. The incoming headers are then
 * dropped so none of them is echoed back to the client.
 */
@Component
class ReadOpenAiRequest implements Processor {

    private final ObjectMapper json;
    private final GatewayMetrics metrics;

    ReadOpenAiRequest(ObjectMapper json, GatewayMetrics metrics) {
        this.json = json;
        this.metrics = metrics;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        PlatformHttpMessage http = (PlatformHttpMessage) in;
        HttpServletRequest servlet = http.getRequest();
        String below = servlet.getRequestURI().substring(servlet.getContextPath().length() + "/v1".length());
        CallRecord call = new CallRecord(servlet.getMethod(), "/v1" + below, http.getResponse());
        exchange.setProperty(CallRecord.PROPERTY, call);
        metrics.watch(exchange, call);

        GatewayPath path = GatewayPath.of(below);
        if (path == null) {
            throw new OpenAiFailure(OpenAiError.of(404, "Unknown path /v1" + below
                    + "; this gateway serves /v1/chat/completions, /v1/completions, /v1/embeddings, /v1/audio/speech,"
                    + " /v1/audio/voices, /v1/audio/transcriptions and /v1/models").code("unknown_url"));
        }
        exchange.setProperty(GatewayPath.PROPERTY, path);
        if (!path.method.equals(call.method)) {
            throw new OpenAiFailure(OpenAiError.of(405, call.method + " is not allowed on /v1" + path.path.replaceAll("/$", "")
                    + "; use " + path.method).code("method_not_allowed"));
        }
        String contentType = servlet.getContentType();
        JsonNode body = null;
        byte[] bytes = new byte[0];
        if (path.json()) {
            if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                throw new OpenAiFailure(OpenAiError.of(415, "Content-Type must be application/json, not "
                        + (contentType == null ? "missing" : contentType)).code("unsupported_media_type"));
            }
            byte[] raw = in.getBody(byte[].class);
            bytes = raw == null ? new byte[0] : raw;
            body = parse(bytes);
            if (!body.hasNonNull(path.requiredField)) {
                throw OpenAiFailure.badRequest("Missing required parameter: '" + path.requiredField + "'.", path.requiredField);
            }
            call.model = body.path("model").isTextual() ? body.get("model").asText() : null;
        }
        in.removeHeaders("*");
        in.setBody(null);
        exchange.setProperty(GatewayRequest.PROPERTY, new GatewayRequest(call.method, below, servlet.getQueryString(),
                path.json() ? contentType : null, servlet.getHeader("Accept"), bytes, null, bytes.length, body));
    }

    private JsonNode parse(byte[] bytes) {
        if (bytes.length == 0) {
            throw OpenAiFailure.badRequest("The request body is empty; expected a JSON object.", null);
        }
        JsonNode body;
        try {
            body = json.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw OpenAiFailure.badRequest("The request body is not valid JSON: " + e.getOriginalMessage(), null);
        } catch (java.io.IOException e) {
            throw OpenAiFailure.badRequest("The request body could not be read.", null);
        }
        if (body == null || !body.isObject()) {
            throw OpenAiFailure.badRequest("The request body must be a JSON object.", null);
        }
        return body;
    }
}

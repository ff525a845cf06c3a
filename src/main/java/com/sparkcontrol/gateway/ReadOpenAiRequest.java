package com.sparkcontrol.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * First step of every {@code /v1} call: finds which path its {@link CallRecord} names, checks method,
 * content type and JSON body (a 4xx OpenAI error, before any backend is touched, for anything malformed), and
 * keeps what the router and the forwarder need as a {@link GatewayRequest}. Nothing of the incoming request
 * becomes a message header, so nothing of it can be echoed back to the client.
 */
@Component
class ReadOpenAiRequest implements Processor {

    private final ObjectMapper json;

    ReadOpenAiRequest(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) {
        CallRecord call = exchange.getProperty(CallRecord.PROPERTY, CallRecord.class);
        HttpServletRequest servlet = call.request;
        String below = call.path.substring("/v1".length());

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
            bytes = readBody(call);
            body = parse(bytes);
            if (!body.hasNonNull(path.requiredField)) {
                throw OpenAiFailure.badRequest("Missing required parameter: '" + path.requiredField + "'.", path.requiredField);
            }
            call.model = body.path("model").isTextual() ? body.get("model").asText() : null;
        }
        exchange.setProperty(GatewayRequest.PROPERTY, new GatewayRequest(call.method, below, servlet.getQueryString(),
                path.json() ? contentType : null, servlet.getHeader("Accept"), bytes, null, bytes.length, body));
    }

    /** The whole JSON body; 413 when it is larger than {@code max-body-size} (a chunked body has no length to check up front). */
    private static byte[] readBody(CallRecord call) {
        try {
            return call.request.getInputStream().readAllBytes();
        } catch (RequestSizeLimit.TooLarge e) {
            call.response.setHeader("Connection", "close"); // do not read the rest of a body we refuse
            throw new OpenAiFailure(e.error());
        } catch (java.io.IOException e) {
            throw OpenAiFailure.badRequest("The request body could not be read.", null);
        }
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

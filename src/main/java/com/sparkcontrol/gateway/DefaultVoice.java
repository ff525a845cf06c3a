package com.sparkcontrol.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** API.md: speech without a voice gets {@code bm_george} (Kokoro's own default would be {@code af_heart}). */
@Component
class DefaultVoice implements Processor {

    static final String VOICE = "bm_george";

    private final ObjectMapper json;

    DefaultVoice(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        GatewayRequest request = exchange.getProperty(GatewayRequest.PROPERTY, GatewayRequest.class);
        JsonNode voice = request.json().get("voice");
        if (voice != null && voice.isTextual() && !voice.asText().isBlank()) {
            return;
        }
        ObjectNode rewritten = ((ObjectNode) request.json()).deepCopy().put("voice", VOICE);
        exchange.setProperty(GatewayRequest.PROPERTY, request.withJson(rewritten, json.writeValueAsBytes(rewritten)));
    }
}

package com.sparkcontrol.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/** Rewrites the request's {@code model} when it is an alias ({@code spark-control.gateway.aliases}). */
@Component
class ResolveModelAlias implements Processor {

    private final ModelDirectory models;
    private final ObjectMapper json;

    ResolveModelAlias(ModelDirectory models, ObjectMapper json) {
        this.models = models;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        GatewayRequest request = exchange.getProperty(GatewayRequest.PROPERTY, GatewayRequest.class);
        String requested = request.model();
        String resolved = models.resolve(requested);
        if (resolved == null || resolved.equals(requested)) {
            return;
        }
        ObjectNode rewritten = ((ObjectNode) request.json()).deepCopy().put("model", resolved);
        exchange.setProperty(GatewayRequest.PROPERTY, request.withJson(rewritten, json.writeValueAsBytes(rewritten)));
        CallRecord call = exchange.getProperty(CallRecord.PROPERTY, CallRecord.class);
        call.model = resolved;
    }
}

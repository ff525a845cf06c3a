package com.sparkcontrol.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sparkcontrol.gateway.BackendReadiness.ModelCard;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * {@code GET /v1/models} (every model that is up: the LLM with {@code max_model_len}, speech, transcription,
 * embeddings) and {@code GET /v1/models/{id}} (one card, or 404).
 */
@Component
class ListModels implements Processor {

    private final ModelDirectory models;
    private final ObjectMapper json;

    ListModels(ModelDirectory models, ObjectMapper json) {
        this.models = models;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        List<ModelCard> up = models.up();
        GatewayRequest request = exchange.getProperty(GatewayRequest.PROPERTY, GatewayRequest.class);
        Object body;
        if (exchange.getProperty(GatewayPath.PROPERTY) == GatewayPath.MODEL) {
            String id = models.resolve(java.net.URLDecoder.decode(request.path().substring(GatewayPath.MODEL.path.length()),
                    java.nio.charset.StandardCharsets.UTF_8));
            body = up.stream().filter(card -> card.id().equals(id)).findFirst().map(this::card)
                    .orElseThrow(() -> new OpenAiFailure(OpenAiError.of(404, "The model `" + id + "` does not exist or is not up.")
                            .param("model").code("model_not_found")));
        } else {
            ObjectNode list = json.createObjectNode().put("object", "list");
            ArrayNode data = list.putArray("data");
            up.forEach(card -> data.add(card(card)));
            body = list;
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(json.writeValueAsBytes(body));
    }

    private ObjectNode card(ModelCard card) {
        ObjectNode node = json.createObjectNode()
                .put("id", card.id())
                .put("object", "model")
                .put("created", card.created())
                .put("owned_by", card.ownedBy());
        if (card.maxModelLen() != null) {
            node.put("max_model_len", card.maxModelLen());
        }
        node.put("type", switch (card.backend()) {
            case LLM -> "llm";
            case TTS -> "speech";
            case STT -> "transcription";
            case EMBEDDINGS -> "embedding";
            case DIARIZATION -> "diarization";
        });
        return node;
    }
}

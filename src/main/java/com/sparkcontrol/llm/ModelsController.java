package com.sparkcontrol.llm;

import com.sparkcontrol.catalog.CatalogModel;
import com.sparkcontrol.catalog.ModelCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/models} (the cards) and {@code POST /api/models/{id}/switch}: the id is validated (400) and looked
 * up (404) before anything reaches a Spark; {@link ActiveModel} decides single flight (409); the swap then runs
 * asynchronously on {@code direct:llm-swap} and the answer is 202 with its id.
 */
@RestController
class ModelsController {

    private final ModelCatalog catalog;
    private final ModelCards cards;
    private final ActiveModel activeModel;
    private final ProducerTemplate producer;

    ModelsController(ModelCatalog catalog, ModelCards cards, ActiveModel activeModel, ProducerTemplate producer) {
        this.catalog = catalog;
        this.cards = cards;
        this.activeModel = activeModel;
        this.producer = producer;
    }

    @GetMapping("/api/models")
    List<Map<String, Object>> models() {
        return cards.all();
    }

    @PostMapping("/api/models/{id}/switch")
    ResponseEntity<Map<String, Object>> switchTo(@PathVariable String id) {
        CatalogModel model = catalog.require(id);
        Swap swap = activeModel.begin(model);
        try {
            producer.asyncSendBody("direct:llm-swap", swap);
        } catch (RuntimeException e) {
            activeModel.failed(swap, "could not start the swap route: " + e.getMessage(), "internal");
            activeModel.finished(swap);
            throw e;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("swapId", swap.id());
        body.put("model", model.id());
        body.put("state", swap.state().name());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
    }
}

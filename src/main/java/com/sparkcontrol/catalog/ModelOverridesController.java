package com.sparkcontrol.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The card's Advanced settings: {@code PUT /api/models/{id}/overrides} replaces a model's override (validated, then
 * persisted in {@code models-overrides.yaml}); {@code DELETE} returns the model to its bundled values.
 */
@RestController
class ModelOverridesController {

    private final ModelCatalog catalog;

    ModelOverridesController(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @PutMapping("/api/models/{id}/overrides")
    CatalogModel put(@PathVariable String id, @RequestBody(required = false) JsonNode body) {
        return catalog.putOverride(id, catalog.fieldsFrom(body));
    }

    @DeleteMapping("/api/models/{id}/overrides")
    ResponseEntity<Void> delete(@PathVariable String id) {
        catalog.removeOverride(id);
        return ResponseEntity.noContent().build();
    }
}

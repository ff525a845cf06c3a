package com.sparkcontrol.llm;

import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/cluster/update} → 202 {@code {"updateId"}} (409 while a swap or another update runs);
 * {@code GET /api/cluster/update}: the last update with its log and the image's vLLM version;
 * {@code GET /api/cluster/image[?refresh=true]}: the image's vLLM version.
 */
@RestController
class ClusterUpdateController {

    private final ClusterUpdate updates;
    private final ImageVersion image;
    private final ProducerTemplate producer;

    ClusterUpdateController(ClusterUpdate updates, ImageVersion image, ProducerTemplate producer) {
        this.updates = updates;
        this.image = image;
        this.producer = producer;
    }

    @PostMapping("/api/cluster/update")
    ResponseEntity<Map<String, Object>> update() {
        ClusterUpdate.Run run = updates.begin();
        producer.asyncSendBody("direct:llm-cluster-update", run);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("updateId", run.id));
    }

    @GetMapping("/api/cluster/update")
    Map<String, Object> last() {
        return updates.view();
    }

    /** The image's vLLM version: read from the head the first time (or with {@code ?refresh=true}), then from memory. */
    @GetMapping("/api/cluster/image")
    Map<String, Object> image(@RequestParam(defaultValue = "false") boolean refresh) {
        return refresh ? image.refresh() : image.cached().orElseGet(image::refresh);
    }
}

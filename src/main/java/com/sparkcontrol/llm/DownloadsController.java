package com.sparkcontrol.llm;

import com.sparkcontrol.catalog.CatalogModel;
import com.sparkcontrol.catalog.ModelCatalog;
import com.sparkcontrol.catalog.ModelMode;
import com.sparkcontrol.config.SparkNode;
import com.sparkcontrol.config.SparkNodes;
import com.sparkcontrol.ssh.CommandArguments;
import com.sparkcontrol.ssh.InvalidArgumentException;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;
import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/downloads {"repo": "Org/Name", "copyToWorkers": optional}} → 202 with the id (the repo is
 * validated before any SSH); {@code GET /api/downloads[/{id}]}; {@code DELETE /api/downloads/{id}} cancels.
 * Without {@code copyToWorkers}, weights are copied to the workers when a catalog model runs that repo in cluster mode.
 */
@RestController
class DownloadsController {

    /** The request body. */
    record DownloadRequest(String repo, Boolean copyToWorkers) {}

    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}");

    private final Downloads downloads;
    private final ModelCatalog catalog;
    private final SparkNodes nodes;
    private final ProducerTemplate producer;

    DownloadsController(Downloads downloads, ModelCatalog catalog, SparkNodes nodes, ProducerTemplate producer) {
        this.downloads = downloads;
        this.catalog = catalog;
        this.nodes = nodes;
        this.producer = producer;
    }

    @PostMapping("/api/downloads")
    ResponseEntity<Map<String, Object>> start(@RequestBody DownloadRequest request) {
        String repo = CommandArguments.repoId("repo", request.repo());
        List<CatalogModel> models = catalog.all().stream().filter(m -> m.repo().equals(repo)).toList();
        boolean copy = request.copyToWorkers() != null ? request.copyToWorkers() : models.stream().anyMatch(m -> m.mode() == ModelMode.CLUSTER);
        List<SparkNode> targets = copy ? nodes.clusterMembers().stream().filter(SparkNode::configured).toList() : List.of(nodes.head());
        if (copy && targets.size() < 2) {
            throw new InvalidArgumentException("copyToWorkers", "needs at least one configured worker Spark");
        }
        Long expected = models.stream().map(CatalogModel::sizeGb).filter(s -> s != null && s > 0).max(Double::compare)
                .map(gb -> Math.round(gb * 1e9)).orElse(null);
        Download download = downloads.begin(repo, copy, targets.stream().map(SparkNode::id).toList(), expected);
        producer.asyncSendBody("direct:llm-download", download);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("downloadId", download.id(), "repo", repo,
                "targets", download.targets()));
    }

    @GetMapping("/api/downloads")
    List<Map<String, Object>> all() {
        return downloads.all().stream().map(d -> downloads.view(d, false)).toList();
    }

    @GetMapping("/api/downloads/{id}")
    Map<String, Object> one(@PathVariable String id) {
        return downloads.view(downloads.find(valid(id)).orElseThrow(() -> new NoSuchElementException("no download " + id)), true);
    }

    @DeleteMapping("/api/downloads/{id}")
    ResponseEntity<Map<String, Object>> cancel(@PathVariable String id) {
        Download download = downloads.cancel(valid(id));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(downloads.view(download, false));
    }

    private static String valid(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidArgumentException("id", "must be a download id (8 hex digits)");
        }
        return id;
    }
}

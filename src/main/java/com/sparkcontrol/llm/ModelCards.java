package com.sparkcontrol.llm;

import com.sparkcontrol.catalog.CatalogModel;
import com.sparkcontrol.catalog.ModelCatalog;
import com.sparkcontrol.catalog.ModelMode;
import com.sparkcontrol.config.SparkNode;
import com.sparkcontrol.config.SparkNodes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/models}: each catalog model as the dashboard's card shows it, with {@code onDisk} per node the
 * mode needs (from each node's Hugging Face cache), whether it is the active model, and its recorded load time.
 */
@Component
class ModelCards {

    private final ModelCatalog catalog;
    private final SparkNodes nodes;
    private final WeightsOnDisk weights;
    private final ActiveModel activeModel;
    private final LoadTimes loadTimes;

    ModelCards(ModelCatalog catalog, SparkNodes nodes, WeightsOnDisk weights, ActiveModel activeModel, LoadTimes loadTimes) {
        this.catalog = catalog;
        this.nodes = nodes;
        this.weights = weights;
        this.activeModel = activeModel;
        this.loadTimes = loadTimes;
    }

    List<Map<String, Object>> all() {
        List<CatalogModel> models = catalog.all();
        Map<String, WeightsOnDisk.Inventory> inventories = inventories(models);
        String active = activeModel.active().map(CatalogModel::id).orElse(null);
        Swap swap = activeModel.current().filter(Swap::inFlight).orElse(null);
        List<Map<String, Object>> cards = new ArrayList<>();
        for (CatalogModel model : models) {
            Map<String, Object> card = new LinkedHashMap<>();
            card.put("id", model.id());
            card.put("name", model.name());
            card.put("repo", model.repo());
            card.put("mode", model.mode().json());
            card.put("context", model.context());
            Map<String, Boolean> perNode = new LinkedHashMap<>();
            Map<String, String> problems = new LinkedHashMap<>();
            for (SparkNode node : needed(model)) {
                WeightsOnDisk.Inventory inventory = inventories.get(node.id());
                perNode.put(node.id(), inventory.error() == null ? inventory.repos().contains(model.repo()) : null);
                if (inventory.error() != null) {
                    problems.put(node.id(), inventory.error());
                }
            }
            card.put("onDisk", perNode.containsValue(Boolean.FALSE) ? Boolean.FALSE : perNode.containsValue(null) ? null : Boolean.TRUE);
            card.put("onDiskNodes", perNode);
            if (!problems.isEmpty()) {
                card.put("onDiskErrors", problems);
            }
            card.put("active", model.id().equals(active));
            card.put("loading", swap != null && swap.model().id().equals(model.id()));
            card.put("servedName", model.servedName());
            card.put("image", model.image());
            card.put("flags", model.flags());
            card.put("env", model.env());
            card.put("mods", model.mods());
            card.put("notes", model.notes());
            card.put("loadTimeoutSeconds", model.loadTimeout() == null ? null : model.loadTimeout().toSeconds());
            card.put("loadTimeoutMinutes", model.loadTimeout() == null ? null : Math.max(1, Math.round(model.loadTimeout().toSeconds() / 60.0)));
            card.put("sizeGb", model.sizeGb());
            card.put("lastLoadSeconds", loadTimes.last(model.id()).map(d -> d.toMillis() / 1000.0).orElse(null));
            card.put("bundled", model.bundled());
            card.put("overridden", model.overridden());
            catalog.overrideProblem(model.id()).ifPresent(p -> card.put("overrideProblem", p));
            cards.add(card);
        }
        return cards;
    }

    List<SparkNode> needed(CatalogModel model) {
        return model.mode() == ModelMode.SOLO ? List.of(nodes.head()) : nodes.clusterMembers();
    }

    /** One (cached) inventory per node any model needs, read in parallel so a down node costs one timeout, not several. */
    private Map<String, WeightsOnDisk.Inventory> inventories(List<CatalogModel> models) {
        Set<SparkNode> wanted = new LinkedHashSet<>();
        models.forEach(m -> wanted.addAll(needed(m)));
        Map<String, CompletableFuture<WeightsOnDisk.Inventory>> futures = new LinkedHashMap<>();
        for (SparkNode node : wanted) {
            futures.put(node.id(), CompletableFuture.supplyAsync(() -> weights.recent(node)));
        }
        Map<String, WeightsOnDisk.Inventory> result = new LinkedHashMap<>();
        futures.forEach((id, future) -> result.put(id, future.join()));
        return result;
    }
}

package com.sparkcontrol.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.sparkcontrol.config.DataDirectory;
import com.sparkcontrol.ssh.CommandArguments;
import com.sparkcontrol.ssh.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The models Spark Control can load: the bundled catalog ({@code catalog/models.yaml}) merged with the operator's
 * {@code <data>/models-overrides.yaml}, which may change any field of a bundled model or add new models. The file
 * is re-read when it changes on disk, so hand edits apply without a restart; an entry that fails validation is
 * ignored (and reported on its card), a file that is not YAML at all is set aside.
 */
@Component
public class ModelCatalog {

    static final String BUNDLED = "catalog/models.yaml";
    static final String OVERRIDES = "models-overrides.yaml";
    private static final Logger log = LoggerFactory.getLogger(ModelCatalog.class);
    private static final String HEADER = """
            # Spark Control model overrides: fields here replace the bundled catalog's, ids not in it add models.
            # Written by the dashboard's Advanced settings (PUT /api/models/{id}/overrides); safe to edit by hand,
            # changes apply on the next read. Fields and rules: runbook.md, "LLM: add a model or override flags".
            """;

    private final DataDirectory data;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final Map<String, CatalogModel> bundled;

    // the overrides as last read, and what the file looked like then (to notice hand edits)
    private Map<String, ModelFields> overrides = new LinkedHashMap<>();
    private Map<String, String> problems = new LinkedHashMap<>();
    private FileTime readModified;
    private long readSize = -1;

    public ModelCatalog(DataDirectory data) {
        this.data = data;
        this.bundled = loadBundled();
    }

    /** Bundled models first (in catalog order), then models the operator added. */
    public synchronized List<CatalogModel> all() {
        refresh();
        List<CatalogModel> models = new ArrayList<>();
        for (CatalogModel base : bundled.values()) {
            ModelFields override = overrides.get(base.id());
            models.add(override == null ? base : override.applyTo(base));
        }
        overrides.forEach((id, fields) -> {
            if (!bundled.containsKey(id)) {
                models.add(fields.toModel(id, false));
            }
        });
        return models;
    }

    public Optional<CatalogModel> find(String id) {
        return all().stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** The model with this id: 400 for an id that could never be one, 404 for an unknown one. */
    public CatalogModel require(String id) {
        CommandArguments.catalogId("id", id);
        return find(id).orElseThrow(() -> new NoSuchElementException("no model '" + id + "' in the catalog"));
    }

    /** Which catalog model {@code /v1/models} is naming: by served name, else by repo (first match). */
    public Optional<CatalogModel> byServedName(String served) {
        List<CatalogModel> models = all();
        return models.stream().filter(m -> m.servedName().equals(served)).findFirst()
                .or(() -> models.stream().filter(m -> m.repo().equals(served)).findFirst());
    }

    /** Why an override in the file was ignored, if it was. */
    public synchronized Optional<String> overrideProblem(String id) {
        refresh();
        return Optional.ofNullable(problems.get(id));
    }

    /**
     * Replaces the override of a model (the card's Advanced settings send the whole set): validated, then written
     * atomically. An id outside the bundled catalog adds a model and then needs repo, mode and context.
     */
    public synchronized CatalogModel putOverride(String id, ModelFields fields) {
        CommandArguments.catalogId("id", id);
        refresh();
        boolean known = bundled.containsKey(id) || overrides.containsKey(id);
        if (!known && fields.repo() == null) {
            throw new NoSuchElementException("no model '" + id + "' in the catalog (to add one, send at least repo, mode and context)");
        }
        fields.validated(!bundled.containsKey(id));
        Map<String, ModelFields> next = new LinkedHashMap<>(overrides);
        if (fields.isEmpty()) {
            next.remove(id); // nothing overridden: back to the bundled values
        } else {
            next.put(id, fields);
        }
        write(next);
        return find(id).orElseThrow();
    }

    /** Drops a model's override: a bundled model returns to its defaults, an added model disappears. */
    public synchronized void removeOverride(String id) {
        CommandArguments.catalogId("id", id);
        refresh();
        if (!overrides.containsKey(id)) {
            if (bundled.containsKey(id)) {
                return;
            }
            throw new NoSuchElementException("no model '" + id + "' in the catalog");
        }
        Map<String, ModelFields> next = new LinkedHashMap<>(overrides);
        next.remove(id);
        write(next);
    }

    /** Reads a request body or YAML node into fields; unknown field names are refused by name. */
    ModelFields fieldsFrom(JsonNode node) {
        if (node == null || node.isNull()) {
            return new ModelFields(null, null, null, null, null, null, null, null, null, null, null, null);
        }
        if (!node.isObject()) {
            throw new InvalidArgumentException("body", "must be a JSON object of model fields");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!ModelFields.NAMES.contains(name)) {
                throw new InvalidArgumentException(name, "is not a model field (known: " + String.join(", ", ModelFields.NAMES.stream().sorted().toList()) + ")");
            }
        }
        try {
            return yaml.convertValue(node, ModelFields.class);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("body", "has a field of the wrong type (" + firstLine(e.getMessage()) + ")");
        }
    }

    private Map<String, CatalogModel> loadBundled() {
        try (InputStream in = new ClassPathResource(BUNDLED).getInputStream()) {
            JsonNode models = yaml.readTree(in).path("models");
            Map<String, CatalogModel> loaded = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                try {
                    CommandArguments.catalogId("id", entry.getKey());
                    loaded.put(entry.getKey(), fieldsFrom(entry.getValue()).validated(true).toModel(entry.getKey(), true));
                } catch (InvalidArgumentException e) {
                    throw new IllegalStateException("the bundled catalog " + BUNDLED + " is invalid at '" + entry.getKey() + "': " + e.getMessage(), e);
                }
            }
            if (loaded.isEmpty()) {
                throw new IllegalStateException("the bundled catalog " + BUNDLED + " lists no models");
            }
            return java.util.Collections.unmodifiableMap(loaded);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled catalog " + BUNDLED, e);
        }
    }

    /** Re-reads the overrides file when it changed since the last read (or was set aside or removed). */
    private void refresh() {
        Path file = data.resolve(OVERRIDES);
        FileTime modified = null;
        long size = -1;
        try {
            if (Files.isRegularFile(file)) {
                modified = Files.getLastModifiedTime(file);
                size = Files.size(file);
            }
        } catch (IOException e) {
            log.warn("Cannot stat {}: {}", file, e.getMessage());
        }
        if (size == readSize && java.util.Objects.equals(modified, readModified)) {
            return;
        }
        Map<String, ModelFields> parsed = new LinkedHashMap<>();
        Map<String, String> found = new LinkedHashMap<>();
        JsonNode models = data.read(OVERRIDES, this::parseRoot).orElse(null);
        if (models != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String id = entry.getKey();
                try {
                    CommandArguments.catalogId("id", id);
                    ModelFields fields = fieldsFrom(entry.getValue()).validated(!bundled.containsKey(id));
                    parsed.put(id, fields);
                } catch (InvalidArgumentException e) {
                    found.put(id, e.getMessage());
                    log.warn("{}: ignoring the override of '{}': {}", file, id.replaceAll("[^\\x20-\\x7e]", "?"), e.getMessage());
                }
            }
        }
        overrides = parsed;
        problems = found;
        try {
            readModified = Files.isRegularFile(file) ? Files.getLastModifiedTime(file) : null;
            readSize = Files.isRegularFile(file) ? Files.size(file) : -1;
        } catch (IOException e) {
            readModified = null;
            readSize = -1;
        }
    }

    private JsonNode parseRoot(byte[] content) throws IOException {
        JsonNode root = yaml.readTree(content);
        if (root == null || root.isMissingNode() || root.isNull()) {
            return null;
        }
        JsonNode models = root.path("models");
        if (!root.isObject() || !(models.isObject() || models.isMissingNode() || models.isNull())) {
            throw new IOException("expected a 'models:' map of model id → fields");
        }
        return models.isObject() ? models : null;
    }

    private void write(Map<String, ModelFields> next) {
        ObjectNode root = yaml.createObjectNode();
        ObjectNode models = root.putObject("models");
        next.forEach((id, fields) -> models.set(id, yaml.valueToTree(fields)));
        byte[] body;
        try {
            body = (HEADER + yaml.writeValueAsString(root)).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        data.writeAtomically(OVERRIDES, body);
        readSize = -1; // force a re-read, so what is served is exactly what was written
        refresh();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}

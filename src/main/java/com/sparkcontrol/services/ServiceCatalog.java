package com.sparkcontrol.services;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sparkcontrol.config.BackendUrls;
import com.sparkcontrol.config.DataDirectory;
import com.sparkcontrol.config.InvalidConfigurationException;
import com.sparkcontrol.config.SparkControlProperties;
import com.sparkcontrol.config.SparkNode;
import com.sparkcontrol.config.SparkNodes;
import com.sparkcontrol.ssh.CommandArguments;
import com.sparkcontrol.ssh.InvalidArgumentException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every service Spark Control can run: the built-ins bundled in the jar, then the operator's custom services
 * from {@code <data>/services-overrides.yaml}, re-read whenever that file changes. A bad custom entry is left
 * out and reported (entry and field) while the others load; unreadable YAML is set aside and reported.
 * The gateway asks it for {@link #customPrefixes()}.
 */
@Component
public class ServiceCatalog {

    public static final String OVERRIDES_FILE = "services-overrides.yaml";
    static final String BUILT_IN_RESOURCE = "services/builtin-services.yaml";
    private static final Pattern EMBEDDINGS_IMAGE = Pattern.compile("\\{\\{embeddings-image:([^}]+)}}");

    private static final Logger log = LoggerFactory.getLogger(ServiceCatalog.class);

    /** One consistent view: definitions in dashboard order, and the problems of the overrides file. */
    record Snapshot(List<ServiceDefinition> builtIns, List<ServiceDefinition> customs, List<DefinitionProblem> problems) {}

    /** What the overrides file looked like when last read, to notice edits by polling. */
    private record FileStamp(boolean exists, long modified, long size) {}

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private final DataDirectory data;
    private final SparkNodes nodes;
    private final BackendUrls backendUrls;
    private final ServiceDefinitionReader.Taken builtInsTaken;
    private final List<ServiceDefinition> builtIns;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();
    private volatile FileStamp stamp;
    private volatile List<DefinitionProblem> setAsideProblems = List.of();

    public ServiceCatalog(DataDirectory data, SparkNodes nodes, BackendUrls backendUrls, ServicesProperties services,
            SparkControlProperties properties) {
        this.data = data;
        this.nodes = nodes;
        this.backendUrls = backendUrls;
        this.builtInsTaken = new ServiceDefinitionReader.Taken().reservePort(nodes.head().id(), properties.vllm().port(), "vLLM");
        this.builtIns = loadBuiltIns(services);
        reload();
    }

    public List<ServiceDefinition> all() {
        Snapshot s = snapshot.get();
        List<ServiceDefinition> all = new ArrayList<>(s.builtIns());
        all.addAll(s.customs());
        return all;
    }

    public List<ServiceDefinition> builtIns() {
        return builtIns;
    }

    public List<ServiceDefinition> customs() {
        return snapshot.get().customs();
    }

    /** Problems of the overrides file, each naming the entry and field; empty when it loaded cleanly. */
    public List<DefinitionProblem> problems() {
        return snapshot.get().problems();
    }

    public Optional<ServiceDefinition> find(String name) {
        return all().stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The definition, or a {@link NoSuchElementException} (a 404) naming the services that exist. */
    public ServiceDefinition require(String name) {
        return find(name).orElseThrow(() -> new NoSuchElementException("no service named " + name + "; known: "
                + String.join(", ", all().stream().map(ServiceDefinition::name).toList())));
    }

    /** The Spark a service runs on. */
    public SparkNode nodeOf(ServiceDefinition definition) {
        return nodes.require(definition.node());
    }

    /** The services hosted in this one's container (Parakeet hosts the diarizer). */
    public List<ServiceDefinition> hostedIn(ServiceDefinition host) {
        return all().stream().filter(d -> host.name().equals(d.hostedBy())).toList();
    }

    /** The actions a service has: the container lifecycle, plus reapply-patches where an overlay is involved. */
    public List<ServiceAction> actionsOf(ServiceDefinition definition) {
        List<ServiceAction> actions = new ArrayList<>(List.of(ServiceAction.INSTALL, ServiceAction.START, ServiceAction.STOP,
                ServiceAction.RESTART, ServiceAction.REMOVE));
        if (definition.overlay() != null || hostedIn(definition).stream().anyMatch(h -> h.overlay() != null)) {
            actions.add(ServiceAction.REAPPLY_PATCHES);
        }
        return actions;
    }

    /**
     * Where a service answers HTTP: a built-in where {@link BackendUrls} says (configured URL or its port on
     * its Spark), a custom service at its first published port on its Spark. Empty when its Spark has no host.
     */
    public Optional<String> baseUrl(ServiceDefinition definition) {
        if (definition.backend() != null) {
            return backendUrls.of(definition.backend());
        }
        SparkNode node = nodeOf(definition);
        if (node.host() == null || node.host().isBlank() || definition.ports().isEmpty()) {
            return Optional.empty();
        }
        String host = node.host().contains(":") && !node.host().startsWith("[") ? "[" + node.host() + "]" : node.host();
        return Optional.of("http://" + host + ":" + definition.ports().get(0).host());
    }

    /**
     * For the gateway: each custom service's gateway prefix and the base URL its requests go to (the service's
     * address plus its upstream path), in declaration order. Services whose Spark has no host are left out.
     */
    public Map<String, String> customPrefixes() {
        Map<String, String> prefixes = new LinkedHashMap<>();
        for (ServiceDefinition d : customs()) {
            if (d.gatewayPrefix() != null) {
                baseUrl(d).ifPresent(base -> prefixes.put(d.gatewayPrefix(), base + d.upstreamPath()));
            }
        }
        return prefixes;
    }

    /** Re-reads the overrides file when it was created, edited or removed since the last read; true if it did. */
    public synchronized boolean reloadIfChanged() {
        if (Objects.equals(currentStamp(), stamp)) {
            return false;
        }
        reload();
        return true;
    }

    private synchronized void reload() {
        FileStamp before = currentStamp();
        List<DefinitionProblem> problems = new ArrayList<>();
        List<ServiceDefinition> customs = List.of();
        if (!before.exists()) {
            // a file set aside as corrupt stays reported until the operator saves a new one
            problems.addAll(setAsideProblems);
        } else {
            List<DefinitionProblem> parseProblems = new ArrayList<>();
            Optional<JsonNode> root = data.read(OVERRIDES_FILE, bytes -> parseYaml(bytes, parseProblems));
            if (!parseProblems.isEmpty()) {
                String aside = newestSetAside().orElse(OVERRIDES_FILE + ".corrupt-…");
                parseProblems.replaceAll(p -> new DefinitionProblem(p.entry(), p.field(), p.message()
                        + "; the file was moved aside as " + aside + ": fix it and save it as " + OVERRIDES_FILE + " again"));
                setAsideProblems = List.copyOf(parseProblems);
                problems.addAll(parseProblems);
            } else {
                setAsideProblems = List.of();
            }
            if (root.isPresent()) {
                ServiceDefinitionReader reader = new ServiceDefinitionReader(ServiceDefinitionReader.Mode.CUSTOM,
                        this::resolveNode, builtInsTaken.copy());
                ServiceDefinitionReader.Result result = reader.read(root.get(), OVERRIDES_FILE);
                customs = List.copyOf(result.services());
                problems.addAll(result.problems());
            }
        }
        stamp = currentStamp().exists() ? before : new FileStamp(false, 0, 0);
        snapshot.set(new Snapshot(builtIns, customs, List.copyOf(problems)));
        log.info("services: {} built-in, {} custom from {}{}", builtIns.size(), customs.size(), OVERRIDES_FILE,
                problems.isEmpty() ? "" : ", " + problems.size() + " problem(s)");
        problems.forEach(p -> log.warn("services: {}: {}: {}", OVERRIDES_FILE, p.field(), p.message()));
    }

    private JsonNode parseYaml(byte[] bytes, List<DefinitionProblem> problems) throws IOException {
        try {
            return yaml.readTree(bytes);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            problems.add(new DefinitionProblem(DefinitionProblem.FILE, "(file)",
                    OVERRIDES_FILE + " is not valid YAML" + where + ": " + e.getOriginalMessage()));
            throw e;
        }
    }

    private Optional<String> newestSetAside() {
        try (Stream<Path> files = Files.list(data.root())) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(OVERRIDES_FILE + ".corrupt-"))
                    .max(String::compareTo);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private FileStamp currentStamp() {
        Path file = data.resolve(OVERRIDES_FILE);
        try {
            return Files.exists(file) ? new FileStamp(true, Files.getLastModifiedTime(file).toMillis(), Files.size(file))
                    : new FileStamp(false, 0, 0);
        } catch (IOException e) {
            return new FileStamp(false, 0, 0);
        }
    }

    /** {@code audio} and {@code head} name the Spark with that role; {@code sparkN} a configured Spark. */
    Optional<String> resolveNode(String spark) {
        return switch (spark) {
            case "audio" -> Optional.of(nodes.audio().id());
            case "head" -> Optional.of(nodes.head().id());
            default -> nodes.byId(spark).map(SparkNode::id);
        };
    }

    private List<ServiceDefinition> loadBuiltIns(ServicesProperties services) {
        String model;
        try {
            model = CommandArguments.repoId("spark-control.services.embeddings-model", services.embeddingsModel());
        } catch (InvalidArgumentException e) {
            throw new InvalidConfigurationException("spark-control.services.embeddings-model", e.getMessage());
        }
        String embeddingsFile = "services/embeddings-" + services.embeddingsEngine() + ".yaml";
        ServiceDefinitionReader reader = new ServiceDefinitionReader(ServiceDefinitionReader.Mode.BUILT_IN,
                this::resolveNode, builtInsTaken);
        List<ServiceDefinition> loaded = new ArrayList<>();
        for (String resource : List.of(BUILT_IN_RESOURCE, embeddingsFile)) {
            String text = resource(resource).replace("{{embeddings-model}}", model);
            text = substituteImage(text, services.embeddingsImage());
            ServiceDefinitionReader.Result result;
            try {
                result = reader.read(yaml.readTree(text), resource);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the bundled " + resource + " is not valid YAML", e);
            }
            if (!result.problems().isEmpty()) {
                if (resource.equals(embeddingsFile) && result.problems().stream().anyMatch(p -> p.field().endsWith(".image"))) {
                    throw new InvalidConfigurationException("spark-control.services.embeddings-image",
                            "must be a Docker image reference such as ghcr.io/huggingface/text-embeddings-inference:121-1.9");
                }
                throw new IllegalStateException("the bundled " + resource + " is invalid: " + result.problems());
            }
            loaded.addAll(result.services());
        }
        return List.copyOf(loaded);
    }

    /** {@code {{embeddings-image:default}}} → the configured image, else the engine's default. */
    private static String substituteImage(String text, String configured) {
        Matcher m = EMBEDDINGS_IMAGE.matcher(text);
        return m.replaceAll(r -> Matcher.quoteReplacement(
                configured == null || configured.isBlank() ? r.group(1) : configured.strip()));
    }

    private static String resource(String name) {
        try (InputStream in = ServiceCatalog.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing bundled resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

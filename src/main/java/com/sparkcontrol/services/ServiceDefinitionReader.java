package com.sparkcontrol.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.sparkcontrol.config.BackendUrls.Backend;
import com.sparkcontrol.services.ServiceDefinition.EnvEntry;
import com.sparkcontrol.services.ServiceDefinition.Overlay;
import com.sparkcontrol.services.ServiceDefinition.PortMapping;
import com.sparkcontrol.services.ServiceDefinition.RegistryLogin;
import com.sparkcontrol.ssh.CommandArguments;
import com.sparkcontrol.ssh.InvalidArgumentException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a parsed services file into definitions, strictly: every field is checked against the pattern its
 * command-line use needs, unknown fields are refused, and each problem names the entry and field. A bad
 * entry is left out with its problems; the good ones still load. Names, containers, host ports and gateway
 * prefixes already taken (by built-ins, or by earlier entries) are refused too.
 */
final class ServiceDefinitionReader {

    /** Built-ins may use the fields that wire them into the rest of Spark Control; operators may not. */
    enum Mode {
        BUILT_IN,
        CUSTOM
    }

    record Result(List<ServiceDefinition> services, List<DefinitionProblem> problems) {}

    private static final Set<String> CUSTOM_FIELDS = Set.of("description", "spark", "container", "image", "ports",
            "volumes", "args", "env", "gpu", "restart", "health", "prefix", "upstream-path");
    private static final Set<String> BUILT_IN_FIELDS = Set.of("backend", "docker-options", "login", "overlay", "hosted-by");

    private static final Pattern CONTAINER = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}");
    private static final Pattern PORT = Pattern.compile("([0-9]{1,5}):([0-9]{1,5})");
    private static final Pattern VOLUME = Pattern.compile(
            "([A-Za-z0-9][A-Za-z0-9_.-]{0,63}|/[A-Za-z0-9_./-]{1,255}):(/[A-Za-z0-9_./-]{0,255})(:ro|:rw)?");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]{0,63}");
    private static final Pattern RESTART = Pattern.compile("no|always|unless-stopped|on-failure(:[0-9]{1,3})?");
    private static final Pattern HTTP_PATH = Pattern.compile("/[A-Za-z0-9._~/-]{0,200}");
    private static final Pattern PREFIX = Pattern.compile("/(v1|custom)(/[a-z0-9][a-z0-9._-]{0,62}){1,4}");
    private static final Pattern UPSTREAM_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+){0,8}/?");
    private static final Pattern NODE = Pattern.compile("spark[0-9]{1,2}|audio|head");
    private static final Pattern DOCKER_OPTION = Pattern.compile("--[a-z][a-z-]{1,40}=[\\x21-\\x7e]{1,200}");
    private static final Pattern OVERLAY_FILE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
    /** Names that by convention hold secrets; their values must be references. */
    private static final Pattern SECRET_NAME = Pattern.compile(".*(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|CREDENTIALS)");
    /** Prefixes of well-known secrets pasted by mistake (NGC, Hugging Face, OpenAI, GitHub). */
    private static final Pattern SECRET_VALUE = Pattern.compile("(nvapi-|hf_|sk-|ghp_|github_pat_)[A-Za-z0-9_-]{8,}.*");
    private static final int MAX_ARGS = 64;
    private static final int MAX_TEXT = 4000;

    /** Gateway paths the built-in routes own; a custom prefix may not equal, contain or live under one. */
    static final List<String> RESERVED_PREFIXES = List.of("/v1/chat", "/v1/completions", "/v1/models",
            "/v1/embeddings", "/v1/audio", "/v1/responses");

    private final Mode mode;
    private final Function<String, Optional<String>> nodeIds;
    private final Taken taken;

    /**
     * @param nodeIds resolves a {@code spark} value ({@code spark2}, {@code audio}) to a configured Spark's id
     * @param taken   names, containers, ports and prefixes already used; extended as entries load
     */
    ServiceDefinitionReader(Mode mode, Function<String, Optional<String>> nodeIds, Taken taken) {
        this.mode = mode;
        this.nodeIds = nodeIds;
        this.taken = taken;
    }

    /** What earlier definitions already use, so later ones cannot collide with them. */
    static final class Taken {
        private final Map<String, ServiceDefinition> names = new LinkedHashMap<>();
        private final Map<String, String> containers = new HashMap<>(); // node/container → service
        private final Map<String, String> ports = new HashMap<>(); // node/port → owner
        private final Map<String, String> prefixes = new LinkedHashMap<>(); // prefix → service

        /** The vLLM port on the head Spark belongs to launch-cluster.sh's container. */
        Taken reservePort(String node, int port, String owner) {
            ports.put(node + "/" + port, owner);
            containers.putIfAbsent(node + "/vllm_node", "vLLM (launch-cluster.sh)");
            return this;
        }

        Taken reserveContainer(String node, String container, String owner) {
            containers.put(node + "/" + container, owner);
            return this;
        }

        Taken copy() {
            Taken copy = new Taken();
            copy.names.putAll(names);
            copy.containers.putAll(containers);
            copy.ports.putAll(ports);
            copy.prefixes.putAll(prefixes);
            return copy;
        }

        void add(ServiceDefinition d, String nodeId) {
            names.put(d.name(), d);
            if (!d.isOverlay()) {
                containers.put(nodeId + "/" + d.container(), d.name());
            }
            d.ports().forEach(p -> ports.put(nodeId + "/" + p.host(), d.name()));
            if (d.gatewayPrefix() != null) {
                prefixes.put(d.gatewayPrefix(), d.name());
            }
        }
    }

    Result read(JsonNode root, String fileName) {
        List<ServiceDefinition> services = new ArrayList<>();
        List<DefinitionProblem> problems = new ArrayList<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new Result(services, problems);
        }
        if (!root.isObject()) {
            problems.add(new DefinitionProblem(DefinitionProblem.FILE, "(top level)",
                    fileName + " must be a mapping with a 'services:' key"));
            return new Result(services, problems);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("services")) {
                problems.add(new DefinitionProblem(DefinitionProblem.FILE, key, "unknown top-level key; the file holds only 'services:'"));
            }
        }
        JsonNode entries = root.path("services");
        if (entries.isMissingNode() || entries.isNull()) {
            return new Result(services, problems);
        }
        if (!entries.isObject()) {
            problems.add(new DefinitionProblem(DefinitionProblem.FILE, "services",
                    "must be a mapping from service name to its definition"));
            return new Result(services, problems);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = entries.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            Entry e = new Entry(entry.getKey(), entry.getValue());
            Optional<ServiceDefinition> definition = e.read();
            if (e.problems.isEmpty() && definition.isPresent()) {
                services.add(definition.get());
                taken.add(definition.get(), e.nodeId);
            }
            problems.addAll(e.problems);
        }
        return new Result(services, problems);
    }

    /** One entry being read; collects every problem rather than stopping at the first. */
    private final class Entry {
        private final String name;
        private final JsonNode node;
        private final String path;
        private final List<DefinitionProblem> problems = new ArrayList<>();
        private String nodeId;

        Entry(String name, JsonNode node) {
            this.name = name;
            this.node = node;
            this.path = "services." + name;
        }

        Optional<ServiceDefinition> read() {
            try {
                CommandArguments.serviceName("name", name);
            } catch (InvalidArgumentException e) {
                problem(path, "the service name " + e.getMessage().substring("name ".length()));
                return Optional.empty();
            }
            if (taken.names.containsKey(name)) {
                problem(path, taken.names.get(name).builtIn() ? "'" + name + "' is a built-in service; pick another name"
                        : "'" + name + "' is defined twice");
                return Optional.empty();
            }
            if (!node.isObject()) {
                problem(path, "must be a mapping of fields (image, ports, …)");
                return Optional.empty();
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                boolean allowed = CUSTOM_FIELDS.contains(field) || (mode == Mode.BUILT_IN && BUILT_IN_FIELDS.contains(field));
                if (!allowed) {
                    problem(path + "." + field, BUILT_IN_FIELDS.contains(field) ? "only built-in services may set this field"
                            : "unknown field; allowed: " + String.join(", ", new java.util.TreeSet<>(CUSTOM_FIELDS)));
                }
            }
            String hostedBy = mode == Mode.BUILT_IN ? text("hosted-by", false) : null;
            ServiceDefinition host = null;
            if (hostedBy != null) {
                host = taken.names.get(hostedBy);
                if (host == null) {
                    problem(path + ".hosted-by", "names no earlier service: " + hostedBy);
                    return Optional.empty();
                }
            }
            String spark = host != null ? host.node() : Optional.ofNullable(text("spark", false)).orElse("audio");
            if (!NODE.matcher(spark).matches()) {
                problem(path + ".spark", "must be a Spark id (spark1, spark2, …) or a role (audio, head)");
            } else {
                nodeId = nodeIds.apply(spark).orElse(null);
                if (nodeId == null) {
                    problem(path + ".spark", "no Spark named " + spark + " is configured");
                }
            }
            String container = host != null ? host.container() : Optional.ofNullable(text("container", false)).orElse(name);
            if (!CONTAINER.matcher(container).matches()) {
                problem(path + ".container", "must be a Docker container name: letters, digits, '_', '.', '-' (at most 63)");
            } else if (host == null && nodeId != null && taken.containers.containsKey(nodeId + "/" + container)) {
                problem(path + ".container", "'" + container + "' on " + nodeId + " already belongs to "
                        + taken.containers.get(nodeId + "/" + container));
            }
            String image = host != null ? host.image() : image();
            List<PortMapping> ports = host != null ? List.of() : ports();
            List<String> volumes = volumes();
            List<String> dockerOptions = dockerOptions();
            List<String> args = args();
            List<EnvEntry> env = env();
            boolean gpu = bool("gpu", false);
            String restart = Optional.ofNullable(text("restart", false)).orElse("unless-stopped");
            if (!RESTART.matcher(restart).matches()) {
                problem(path + ".restart", "must be no, always, unless-stopped or on-failure[:N]");
            }
            String health = Optional.ofNullable(text("health", false)).orElse("/health");
            if (!HTTP_PATH.matcher(health).matches()) {
                problem(path + ".health", "must be a path such as /health (letters, digits, '.', '_', '~', '-', '/')");
            }
            String prefix = prefix();
            String upstreamPath = upstreamPath(prefix);
            RegistryLogin login = login();
            Overlay overlay = overlay();
            Backend backend = backend();
            String description = Optional.ofNullable(text("description", false)).orElse("");
            if (description.length() > 200 || description.chars().anyMatch(Character::isISOControl)) {
                problem(path + ".description", "must be one line of at most 200 characters");
            }
            if (!problems.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ServiceDefinition(name, nodeId, container, image, ports, volumes, dockerOptions, args,
                    env, host != null ? host.gpu() : gpu, host != null ? host.restartPolicy() : restart, health, prefix,
                    upstreamPath, login, overlay, hostedBy, backend, mode == Mode.BUILT_IN, description));
        }

        private String image() {
            String image = text("image", true);
            if (image == null) {
                return null;
            }
            try {
                return CommandArguments.image("image", image);
            } catch (InvalidArgumentException e) {
                problem(path + ".image", "must be a Docker image reference such as ghcr.io/org/name:tag (lower-case, no spaces)");
                return null;
            }
        }

        private List<PortMapping> ports() {
            List<PortMapping> ports = new ArrayList<>();
            Set<Integer> seen = new HashSet<>();
            List<String> values = textList("ports", 16, true);
            for (int i = 0; i < values.size(); i++) {
                String field = path + ".ports[" + i + "]";
                Matcher m = PORT.matcher(values.get(i));
                if (!m.matches()) {
                    problem(field, "must be HOST:CONTAINER, e.g. \"8090:80\"");
                    continue;
                }
                int host = Integer.parseInt(m.group(1));
                int container = Integer.parseInt(m.group(2));
                if (host < 1 || host > 65535 || container < 1 || container > 65535) {
                    problem(field, "ports must be between 1 and 65535");
                    continue;
                }
                if (host < 1024) {
                    problem(field, "host port " + host + " is privileged; use 1024 or above");
                    continue;
                }
                if (!seen.add(host)) {
                    problem(field, "host port " + host + " is listed twice");
                    continue;
                }
                String owner = nodeId == null ? null : taken.ports.get(nodeId + "/" + host);
                if (owner != null) {
                    problem(field, "host port " + host + " on " + nodeId + " is already used by " + owner);
                    continue;
                }
                ports.add(new PortMapping(host, container));
            }
            if (values.isEmpty() && node.has("ports") && problems.stream().noneMatch(p -> p.field().startsWith(path + ".ports"))) {
                problem(path + ".ports", "must list at least one HOST:CONTAINER port");
            }
            return ports;
        }

        private List<String> volumes() {
            List<String> volumes = new ArrayList<>();
            List<String> values = textList("volumes", 16, false);
            for (int i = 0; i < values.size(); i++) {
                String v = values.get(i);
                String field = path + ".volumes[" + i + "]";
                Matcher m = VOLUME.matcher(v);
                if (!m.matches() || v.contains("..")) {
                    problem(field, "must be NAME:/container/path or /host/path:/container/path, optionally with :ro");
                } else if (m.group(1).equals("/") || m.group(1).startsWith("/var/run/docker.sock") || m.group(1).startsWith("/run/docker.sock")
                        || m.group(1).equals("/etc") || m.group(1).startsWith("/etc/") || m.group(1).startsWith("/root")) {
                    problem(field, "may not mount " + m.group(1) + ": it would hand the container control of the Spark");
                } else {
                    volumes.add(v);
                }
            }
            return volumes;
        }

        private List<String> dockerOptions() {
            List<String> options = textList("docker-options", 16, false);
            for (int i = 0; i < options.size(); i++) {
                if (!DOCKER_OPTION.matcher(options.get(i)).matches()) {
                    problem(path + ".docker-options[" + i + "]", "must be --option=value");
                }
            }
            return options;
        }

        private List<String> args() {
            List<String> args = textList("args", MAX_ARGS, false);
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (a.isEmpty() || a.length() > MAX_TEXT || a.chars().anyMatch(Character::isISOControl)) {
                    problem(path + ".args[" + i + "]", "must be non-empty text without control characters (at most " + MAX_TEXT + ")");
                } else if (SecretResolver.ANY_REFERENCE.matcher(a).find()) {
                    problem(path + ".args[" + i + "]", "may not hold a secret reference; pass secrets in env");
                } else if (SECRET_VALUE.matcher(a).matches()) {
                    problem(path + ".args[" + i + "]", "looks like a secret written inline; pass it in env as a reference such as ${env:NAME}");
                }
            }
            return args;
        }

        private List<EnvEntry> env() {
            List<EnvEntry> env = new ArrayList<>();
            JsonNode envNode = node.path("env");
            if (envNode.isMissingNode() || envNode.isNull()) {
                return env;
            }
            if (!envNode.isObject()) {
                problem(path + ".env", "must be a mapping NAME: value");
                return env;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = envNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String field = path + ".env." + e.getKey();
                if (!ENV_NAME.matcher(e.getKey()).matches()) {
                    problem(field, "the name must be upper-case letters, digits and '_', not starting with a digit");
                    continue;
                }
                JsonNode valueNode = e.getValue();
                boolean optional = false;
                if (valueNode.isObject() && mode == Mode.BUILT_IN) {
                    optional = valueNode.path("optional").asBoolean(false);
                    valueNode = valueNode.path("value");
                }
                if (!valueNode.isValueNode() || valueNode.isNull()) {
                    problem(field, "must be a single value (text, number or true/false)");
                    continue;
                }
                String value = valueNode.asText();
                if (value.length() > MAX_TEXT || value.chars().anyMatch(Character::isISOControl)) {
                    problem(field, "must be one line of at most " + MAX_TEXT + " characters");
                    continue;
                }
                String unknown = unknownReference(value);
                if (unknown != null) {
                    problem(field, "has an unknown secret reference " + unknown
                            + "; use ${ngc-api-key}, ${hf-token} or ${env:NAME}");
                    continue;
                }
                if (!SecretResolver.hasReference(value)
                        && (SECRET_NAME.matcher(e.getKey()).matches() || SECRET_VALUE.matcher(value).matches())) {
                    problem(field, "looks like a secret written inline; write a reference instead: ${hf-token}, ${ngc-api-key} or ${env:"
                            + e.getKey() + "} (set in Spark Control's environment)");
                    continue;
                }
                env.add(new EnvEntry(e.getKey(), value, optional));
            }
            return env;
        }

        private String unknownReference(String value) {
            Matcher any = SecretResolver.ANY_REFERENCE.matcher(value);
            while (any.find()) {
                if (!SecretResolver.REFERENCE.matcher(any.group()).matches()) {
                    return any.group();
                }
            }
            return null;
        }

        private String prefix() {
            String prefix = text("prefix", false);
            if (prefix == null) {
                return null;
            }
            String field = path + ".prefix";
            if (mode == Mode.BUILT_IN) {
                return prefix;
            }
            if (!PREFIX.matcher(prefix).matches()) {
                problem(field, "must start with /v1/ or /custom/ followed by lower-case path segments, e.g. /v1/rerank or /custom/ocr");
                return null;
            }
            for (String reserved : RESERVED_PREFIXES) {
                if (overlaps(prefix, reserved)) {
                    problem(field, prefix + " collides with the built-in gateway path " + reserved);
                    return null;
                }
            }
            for (Map.Entry<String, String> other : taken.prefixes.entrySet()) {
                if (overlaps(prefix, other.getKey())) {
                    problem(field, prefix + " collides with " + other.getKey() + " of " + other.getValue());
                    return null;
                }
            }
            return prefix;
        }

        private String upstreamPath(String prefix) {
            String value = text("upstream-path", false);
            if (value == null) {
                // /v1/… is usually served under the same path; /custom/<name> is our own namespace, so strip it
                return prefix == null ? null : prefix.startsWith("/custom/") ? "" : prefix;
            }
            if (prefix == null) {
                problem(path + ".upstream-path", "needs a prefix to map from");
                return null;
            }
            if (!UPSTREAM_PATH.matcher(value).matches()) {
                problem(path + ".upstream-path", "must be a path such as /v1/rerank, or / to strip the prefix");
                return null;
            }
            return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        }

        private RegistryLogin login() {
            JsonNode login = node.path("login");
            if (login.isMissingNode() || mode != Mode.BUILT_IN) {
                return null;
            }
            return new RegistryLogin(login.path("registry").asText(), login.path("username").asText(), login.path("password").asText());
        }

        private Overlay overlay() {
            JsonNode overlay = node.path("overlay");
            if (overlay.isMissingNode() || mode != Mode.BUILT_IN) {
                return null;
            }
            List<String> files = new ArrayList<>();
            overlay.path("files").forEach(f -> files.add(f.asText()));
            files.forEach(f -> {
                if (!OVERLAY_FILE.matcher(f).matches()) {
                    problem(path + ".overlay.files", "file names must be plain names: " + f);
                }
            });
            String target = overlay.path("target").asText();
            if (!HTTP_PATH.matcher(target).matches()) {
                problem(path + ".overlay.target", "must be an absolute container path");
            }
            return new Overlay(overlay.path("source").asText(), files, target, overlay.path("verify").asText());
        }

        private Backend backend() {
            String backend = mode == Mode.BUILT_IN ? text("backend", false) : null;
            if (backend == null) {
                return null;
            }
            try {
                return Backend.valueOf(backend.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problem(path + ".backend", "unknown backend " + backend);
                return null;
            }
        }

        private String text(String field, boolean required) {
            JsonNode value = node.path(field);
            if (value.isMissingNode() || value.isNull()) {
                if (required) {
                    problem(path + "." + field, "is required");
                }
                return null;
            }
            if (!value.isValueNode()) {
                problem(path + "." + field, "must be a single value");
                return null;
            }
            return value.asText();
        }

        private boolean bool(String field, boolean fallback) {
            JsonNode value = node.path(field);
            if (value.isMissingNode() || value.isNull()) {
                return fallback;
            }
            if (!value.isBoolean()) {
                problem(path + "." + field, "must be true or false");
                return fallback;
            }
            return value.booleanValue();
        }

        private List<String> textList(String field, int max, boolean required) {
            JsonNode value = node.path(field);
            if (value.isMissingNode() || value.isNull()) {
                if (required && mode == Mode.CUSTOM) {
                    problem(path + "." + field, "is required");
                }
                return List.of();
            }
            if (!value.isArray()) {
                problem(path + "." + field, "must be a list, e.g. [\"a\", \"b\"]");
                return List.of();
            }
            if (value.size() > max) {
                problem(path + "." + field, "has more than " + max + " items");
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                if (!item.isValueNode() || item.isNull()) {
                    problem(path + "." + field + "[" + i + "]", "must be a single value");
                } else {
                    out.add(item.asText());
                }
            }
            return out;
        }

        private void problem(String field, String message) {
            problems.add(new DefinitionProblem(name, field, message));
        }
    }

    /** Two gateway prefixes collide when one equals the other or lies under it. */
    static boolean overlaps(String a, String b) {
        return a.equals(b) || a.startsWith(b + "/") || b.startsWith(a + "/");
    }
}

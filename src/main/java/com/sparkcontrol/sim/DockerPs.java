package com.sparkcontrol.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code docker ps}: the default table, {@code -a}, {@code -q}, {@code --no-trunc}, {@code --filter}
 * (name, status, id, ancestor) and {@code --format} ({@code table …}, {@code json}, Go templates).
 */
final class DockerPs implements DockerSubcommand {

    static final String DEFAULT_FORMAT =
            "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";
    private static final Map<String, Object> HEADERS = new LinkedHashMap<>();

    static {
        HEADERS.put("ID", "CONTAINER ID");
        HEADERS.put("Image", "IMAGE");
        HEADERS.put("Command", "COMMAND");
        HEADERS.put("CreatedAt", "CREATED AT");
        HEADERS.put("RunningFor", "CREATED");
        HEADERS.put("Status", "STATUS");
        HEADERS.put("State", "STATE");
        HEADERS.put("Ports", "PORTS");
        HEADERS.put("Names", "NAMES");
        HEADERS.put("Size", "SIZE");
        HEADERS.put("Labels", "LABELS");
        HEADERS.put("Mounts", "MOUNTS");
        HEADERS.put("Networks", "NETWORKS");
        HEADERS.put("LocalVolumes", "LOCAL VOLUMES");
    }

    private final DockerFlags flags = new DockerFlags()
            .bool("-a", "--all").bool("-q", "--quiet").bool("--no-trunc").bool("-l", "--latest").bool("-s", "--size")
            .value("--format").value("-f", "--filter").value("-n", "--last");

    @Override
    public int run(Invocation call, List<String> args) throws Exception {
        DockerFlags.Parsed parsed = flags.parseOrReport(call, "ps", args, false);
        if (parsed == null) {
            return 125;
        }
        boolean all = parsed.has("--all");
        boolean noTrunc = parsed.has("--no-trunc");
        List<SimContainer> shown = new ArrayList<>();
        for (SimContainer container : call.node().docker().containers()) {
            if ((all || container.isRunning()) && matches(container, parsed.all("--filter"))) {
                shown.add(container);
            }
        }
        Collections.reverse(shown);
        if (parsed.has("--latest") && shown.size() > 1) {
            shown = shown.subList(0, 1);
        }
        if (parsed.value("--last") != null) {
            shown = shown.subList(0, Math.min(shown.size(), Integer.parseInt(parsed.value("--last"))));
        }
        if (parsed.has("--quiet")) {
            shown.forEach(c -> call.outLine(noTrunc ? c.id() : c.shortId()));
            return 0;
        }
        String format = parsed.value("--format");
        if (format == null || format.isEmpty() || format.equals("table")) {
            format = DEFAULT_FORMAT;
        }
        if (format.equals("json")) {
            format = "{{json .}}";
        }
        format = format.replace("\\t", "\t").replace("\\n", "\n");
        try {
            if (format.startsWith("table")) {
                String template = format.substring("table".length()).strip();
                List<List<String>> rows = new ArrayList<>();
                rows.add(List.of(DockerTemplate.render(template, HEADERS, false, "").split("\t", -1)));
                for (SimContainer container : shown) {
                    rows.add(List.of(render(template, container, noTrunc).split("\t", -1)));
                }
                call.out(DockerText.table(rows));
            } else {
                StringBuilder out = new StringBuilder();
                for (SimContainer container : shown) {
                    out.append(render(format, container, noTrunc)).append('\n');
                }
                call.out(out.toString());
            }
        } catch (DockerTemplate.TemplateError e) {
            call.errLine(e.getMessage());
            return 1;
        }
        return 0;
    }

    private static String render(String template, SimContainer container, boolean noTrunc)
            throws DockerTemplate.TemplateError {
        return DockerTemplate.render(template, model(container, noTrunc), true, "*formatter.ContainerContext");
    }

    /** The fields of docker's ContainerContext; sorted, which is also the key order of {@code {{json .}}}. */
    static Map<String, Object> model(SimContainer c, boolean noTrunc) {
        Map<String, Object> model = new TreeMap<>();
        String command = String.join(" ", c.command());
        if (!noTrunc && command.codePointCount(0, command.length()) > 20) {
            command = command.substring(0, command.offsetByCodePoints(0, 19)) + "…";
        }
        model.put("Command", "\"" + command + "\"");
        model.put("CreatedAt", DockerText.createdAt(c.created()));
        model.put("ID", noTrunc ? c.id() : c.shortId());
        model.put("Image", c.image());
        model.put("Labels", "");
        model.put("LocalVolumes", "0");
        model.put("Mounts", "");
        model.put("Names", c.name());
        model.put("Networks", c.network());
        model.put("Ports", DockerText.ports(c));
        model.put("RunningFor", DockerText.since(c.created()) + " ago");
        model.put("Size", "0B");
        model.put("State", c.state());
        model.put("Status", DockerText.status(c));
        return model;
    }

    /** Filters of one key are alternatives; different keys must all match, as in docker. */
    private static boolean matches(SimContainer c, List<String> filters) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (String filter : filters) {
            int eq = filter.indexOf('=');
            String key = eq < 0 ? filter : filter.substring(0, eq);
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(eq < 0 ? "" : filter.substring(eq + 1));
        }
        for (Map.Entry<String, List<String>> entry : byKey.entrySet()) {
            boolean any = entry.getValue().stream().anyMatch(value -> matchesOne(c, entry.getKey(), value));
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesOne(SimContainer c, String key, String value) {
        return switch (key) {
            case "name" -> nameMatches(c.name(), value);
            case "status" -> c.state().equals(value);
            case "id" -> c.id().startsWith(value);
            case "ancestor" -> ImageRegistry.normalize(c.image()).equals(ImageRegistry.normalize(value));
            default -> false;
        };
    }

    /** Docker matches the name filter as a regular expression against the name with and without its slash. */
    static boolean nameMatches(String name, String pattern) {
        try {
            Pattern regex = Pattern.compile(pattern);
            return regex.matcher(name).find() || regex.matcher("/" + name).find();
        } catch (PatternSyntaxException e) {
            return name.contains(pattern);
        }
    }
}

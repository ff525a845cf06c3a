package com.sparkcontrol.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@code docker images} / {@code image ls}, {@code docker tag} and {@code docker rmi} over the node's local images. */
final class DockerImages {

    private final DockerFlags listFlags = new DockerFlags().bool("-a", "--all").bool("-q", "--quiet")
            .bool("--no-trunc").bool("--digests").value("--format").value("-f", "--filter");

    int list(Invocation call, List<String> args) {
        DockerFlags.Parsed parsed = listFlags.parseOrReport(call, "images", args, false);
        if (parsed == null) {
            return 125;
        }
        SimulatedSpark node = call.node();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"));
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> image : node.docker().images().entrySet()) {
            String ref = image.getKey();
            if (!parsed.positionals().isEmpty()
                    && !ImageRegistry.repository(ref).equals(ImageRegistry.repository(parsed.positionals().get(0)))) {
                continue;
            }
            String shortId = image.getValue().substring("sha256:".length(), "sha256:".length() + 12);
            String created = DockerText.since(node.docker().imageCreated(ref)) + " ago";
            String size = DockerText.humanSize(DockerInspect.imageBytes(ref), 3);
            if (parsed.has("--quiet")) {
                out.append(shortId).append('\n');
            } else if (parsed.value("--format") != null) {
                Map<String, Object> model = new TreeMap<>();
                model.put("Repository", ImageRegistry.repository(ref));
                model.put("Tag", ImageRegistry.tag(ref));
                model.put("ID", shortId);
                model.put("CreatedSince", created);
                model.put("CreatedAt", DockerText.createdAt(node.docker().imageCreated(ref)));
                model.put("Size", size);
                model.put("Digest", "<none>");
                String format = parsed.value("--format").equals("json") ? "{{json .}}" : parsed.value("--format");
                try {
                    out.append(DockerTemplate.render(format.replace("\\t", "\t"), model, true,
                            "*formatter.ImageContext")).append('\n');
                } catch (DockerTemplate.TemplateError e) {
                    call.errLine(e.getMessage());
                    return 1;
                }
            } else {
                rows.add(List.of(ImageRegistry.repository(ref), ImageRegistry.tag(ref), shortId, created, size));
            }
        }
        call.out(parsed.has("--quiet") || parsed.value("--format") != null ? out.toString() : DockerText.table(rows));
        return 0;
    }

    int tag(Invocation call, List<String> args) {
        if (args.size() != 2) {
            return DockerSubcommand.requires(call, "tag", "2 arguments");
        }
        DockerEngine docker = call.node().docker();
        String id = docker.imageId(args.get(0)).orElse(null);
        if (id == null) {
            call.errLine("Error response from daemon: No such image: " + ImageRegistry.normalize(args.get(0)));
            return 1;
        }
        docker.putImage(args.get(1), id);
        return 0;
    }

    int remove(Invocation call, List<String> args) {
        DockerEngine docker = call.node().docker();
        int code = 0;
        for (String ref : args) {
            if (ref.startsWith("-")) {
                continue;
            }
            String id = docker.imageId(ref).orElse(null);
            if (id == null) {
                call.errLine("Error response from daemon: No such image: " + ImageRegistry.normalize(ref));
                code = 1;
                continue;
            }
            SimContainer user = docker.containers().stream()
                    .filter(c -> ImageRegistry.normalize(c.image()).equals(ImageRegistry.normalize(ref)))
                    .findFirst().orElse(null);
            if (user != null && !args.contains("-f") && !args.contains("--force")) {
                call.errLine("Error response from daemon: conflict: unable to remove repository reference \"" + ref
                        + "\" (must force) - container " + user.shortId() + " is using its referenced image "
                        + id.substring(7, 19));
                code = 1;
                continue;
            }
            docker.removeImage(ref);
            call.outLine("Untagged: " + ImageRegistry.normalize(ref));
            if (!docker.images().containsValue(id)) {
                call.outLine("Deleted: " + id);
            }
        }
        return code;
    }
}

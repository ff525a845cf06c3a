package com.sparkcontrol.llm;

import com.sparkcontrol.ssh.CommandResult;
import com.sparkcontrol.ssh.RemoteCommand;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads a container's log in polls of {@code docker logs --timestamps --since <last>} so that each line is
 * delivered exactly once: {@code --since} is inclusive, so lines carrying the last delivered timestamp come back
 * and are skipped by count (several lines can share one timestamp), and nothing printed between two polls is lost.
 */
final class DockerLogCursor {

    /** One log line; {@code text} is what the line shows last (tqdm bars redraw with {@code \r} inside a line). */
    record Line(Instant at, String text, boolean stderr) {}

    /** A poll's outcome: new lines in order, and what docker itself said (e.g. no such container). */
    record Batch(List<Line> lines, List<String> dockerMessages, int exitCode) {
        boolean containerMissing() {
            return exitCode != 0 && dockerMessages.stream().anyMatch(m -> m.toLowerCase().contains("no such container"));
        }
    }

    private final String container;
    private String sinceStamp;
    private Instant last;
    private int deliveredAtLast;

    DockerLogCursor(String container) {
        this.container = container;
    }

    RemoteCommand nextCommand() {
        return sinceStamp == null
                ? RemoteCommand.of("docker", "logs", "--timestamps", container)
                : RemoteCommand.of("docker", "logs", "--timestamps", "--since", sinceStamp, container);
    }

    Batch accept(CommandResult result) {
        List<String> docker = new ArrayList<>();
        List<Stamped> all = new ArrayList<>();
        collect(result.stdout(), false, all, docker);
        collect(result.stderr(), true, all, docker);
        all.sort(Comparator.comparing(Stamped::at)); // stable: stdout before stderr within one instant
        List<Line> fresh = new ArrayList<>();
        int skipAtLast = deliveredAtLast;
        for (Stamped s : all) {
            if (last != null && s.at.isBefore(last)) {
                continue;
            }
            if (last != null && s.at.equals(last) && skipAtLast > 0) {
                skipAtLast--;
                continue;
            }
            if (last == null || s.at.isAfter(last)) {
                last = s.at;
                sinceStamp = s.stamp;
                deliveredAtLast = 0;
                skipAtLast = 0;
            }
            deliveredAtLast++;
            fresh.add(new Line(s.at, s.text, s.stderr));
        }
        return new Batch(fresh, docker, result.exitCode());
    }

    private record Stamped(Instant at, String stamp, String text, boolean stderr) {}

    private static void collect(String output, boolean stderr, List<Stamped> into, List<String> docker) {
        if (output == null || output.isEmpty()) {
            return;
        }
        for (String raw : output.split("\n", -1)) {
            if (raw.isEmpty()) {
                continue;
            }
            int space = raw.indexOf(' ');
            String stamp = space > 0 ? raw.substring(0, space) : raw;
            Instant at = parse(stamp);
            if (at == null) {
                docker.add(raw.strip());
                continue;
            }
            into.add(new Stamped(at, stamp, shown(space > 0 ? raw.substring(space + 1) : ""), stderr));
        }
    }

    /** The last non-empty segment of a line redrawn with carriage returns. */
    static String shown(String text) {
        if (text.indexOf('\r') < 0) {
            return text;
        }
        String[] parts = text.split("\r");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].isBlank()) {
                return parts[i];
            }
        }
        return "";
    }

    private static Instant parse(String stamp) {
        if (stamp.length() < 20 || !Character.isDigit(stamp.charAt(0)) || stamp.charAt(10) != 'T') {
            return null;
        }
        try {
            return Instant.parse(stamp);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

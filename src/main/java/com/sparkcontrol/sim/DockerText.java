package com.sparkcontrol.sim;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The docker CLI's wording: human durations and sizes (docker/go-units), timestamps, tab-aligned tables. */
final class DockerText {

    private static final DateTimeFormatter CREATED_AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '+0000 UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC3339_NANO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private DockerText() {
    }

    /** go-units {@code HumanDuration}: "Less than a second", "About a minute", "3 hours", … */
    static String humanDuration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 1) {
            return "Less than a second";
        }
        if (seconds == 1) {
            return "1 second";
        }
        if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        }
        if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = Math.round(d.toMillis() / 3_600_000.0);
        if (hours == 1) {
            return "About an hour";
        }
        if (hours < 48) {
            return hours + " hours";
        }
        if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        }
        if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return d.toHours() / 24 / 365 + " years";
    }

    static String since(Instant then) {
        return humanDuration(Duration.between(then, Instant.now()));
    }

    /** go-units {@code HumanSizeWithPrecision}: decimal units, {@code precision} significant digits. */
    static String humanSize(double size, int precision) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB"};
        int unit = 0;
        while (size >= 1000 && unit < units.length - 1) {
            size /= 1000;
            unit++;
        }
        BigDecimal rounded = new BigDecimal(size).round(new MathContext(precision)).stripTrailingZeros();
        return rounded.toPlainString() + units[unit];
    }

    static String createdAt(Instant time) {
        return CREATED_AT.format(time);
    }

    static String rfc3339Nano(Instant time) {
        return time == null ? "0001-01-01T00:00:00Z" : RFC3339_NANO.format(time);
    }

    /** What {@code docker ps} shows in STATUS. */
    static String status(SimContainer c) {
        return switch (c.state()) {
            case "running" -> "Up " + since(c.startedAt());
            case "exited" -> "Exited (" + c.exitCode() + ") " + since(c.finishedAt()) + " ago";
            default -> "Created";
        };
    }

    /** What {@code docker ps} shows in PORTS: published ports while running, nothing on the host network. */
    static String ports(SimContainer c) {
        if (!c.isRunning()) {
            return "";
        }
        List<String> out = new ArrayList<>();
        for (String mapping : c.ports()) {
            String[] parts = mapping.split(":");
            String container = parts[parts.length - 1];
            String host = parts.length >= 2 ? parts[parts.length - 2] : container;
            String proto = container.contains("/") ? "" : "/tcp";
            out.add("0.0.0.0:" + host + "->" + container + proto);
            out.add("[::]:" + host + "->" + container + proto);
        }
        return String.join(", ", out);
    }

    /** Go's tabwriter as the docker CLI configures it (min width 10, padding 3); the last column is not padded. */
    static String table(List<List<String>> rows) {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size() - 1; c++) {
                widths[c] = Math.max(widths[c], Math.max(10, row.get(c).codePointCount(0, row.get(c).length()) + 3));
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                String cell = row.get(c);
                line.append(cell);
                if (c < row.size() - 1) {
                    line.append(" ".repeat(widths[c] - cell.codePointCount(0, cell.length())));
                }
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }
}

package com.sparkcontrol.sim;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code docker logs [-f] [--since T] [--until T] [--tail N] [-t] <container>}. Timestamps are RFC3339Nano
 * with nine digits like the json-file driver, and {@code --since} is inclusive as in dockerd (lines stamped at
 * or after it), so a poller resumes exactly by passing its last timestamp plus one nanosecond. {@code -f}
 * follows until the container stops or the caller goes away.
 */
final class DockerLogs implements DockerSubcommand {

    private static final Pattern GO_DURATION = Pattern.compile("((\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h))+");
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private static final Pattern UNIX = Pattern.compile("\\d+(\\.\\d{1,9})?");

    private final DockerFlags flags = new DockerFlags()
            .bool("-f", "--follow").bool("-t", "--timestamps").bool("--details")
            .value("--since").value("--until").value("-n", "--tail");

    @Override
    public int run(Invocation call, List<String> args) throws Exception {
        DockerFlags.Parsed parsed = flags.parseOrReport(call, "logs", args, false);
        if (parsed == null) {
            return 125;
        }
        if (parsed.positionals().size() != 1) {
            return DockerSubcommand.requires(call, "logs", "exactly 1 argument");
        }
        String ref = parsed.positionals().get(0);
        SimContainer container = call.node().docker().find(ref).orElse(null);
        if (container == null) {
            return DockerSubcommand.noSuchContainer(call, ref);
        }
        Instant since;
        Instant until;
        try {
            since = parseTime(parsed.value("--since"), "since");
            until = parseTime(parsed.value("--until"), "until");
        } catch (IllegalArgumentException e) {
            call.errLine(e.getMessage());
            return 1;
        }
        int tail = parseTail(parsed.value("--tail"));
        boolean timestamps = parsed.has("--timestamps");
        ContainerLog log = container.log();
        List<ContainerLog.Entry> existing = log.from(0);
        int index = existing.size();
        List<ContainerLog.Entry> shown = tail >= 0 && tail < existing.size()
                ? existing.subList(existing.size() - tail, existing.size()) : existing;
        if (write(call, shown, since, until, timestamps) || !parsed.has("--follow")) {
            return 0;
        }
        while (true) {
            boolean running = container.isRunning() && !container.isRemoved();
            List<ContainerLog.Entry> fresh = log.from(index);
            index += fresh.size();
            if (write(call, fresh, since, until, timestamps) || !running) {
                return 0;
            }
            log.await(index, 200);
            call.checkAlive();
        }
    }

    /** Writes entries in the window; true once an entry past {@code until} shows the window is closed. */
    private static boolean write(Invocation call, List<ContainerLog.Entry> entries, Instant since, Instant until,
            boolean timestamps) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        boolean pastUntil = false;
        for (ContainerLog.Entry entry : entries) {
            if (since != null && entry.time().isBefore(since)) {
                continue;
            }
            if (until != null && entry.time().isAfter(until)) {
                pastUntil = true;
                break;
            }
            StringBuilder target = entry.stderr() ? err : out;
            if (timestamps) {
                target.append(entry.timestamp()).append(' ');
            }
            target.append(entry.text()).append('\n');
        }
        call.out(out.toString());
        call.err(err.toString());
        return pastUntil;
    }

    private static int parseTail(String value) {
        if (value == null || value.equals("all")) {
            return -1;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Docker's accepted forms: RFC3339(Nano), dates, Unix seconds[.nanos], or a Go duration before now. */
    static Instant parseTime(String value, String flag) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (UNIX.matcher(value).matches()) {
            BigDecimal seconds = new BigDecimal(value);
            long whole = seconds.longValue();
            long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
            return Instant.ofEpochSecond(whole, nanos);
        }
        if (GO_DURATION.matcher(value).matches()) {
            return Instant.now().minus(goDuration(value));
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            // try the zone-less forms, read in the client's time zone
        }
        try {
            return LocalDateTime.parse(value).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            // try a plain date
        }
        try {
            return LocalDate.parse(value).atStartOfDay(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid value for \"" + flag + "\": failed to parse value as time or "
                    + "duration: \"" + value + "\"");
        }
    }

    static Duration goDuration(String value) {
        Duration total = Duration.ZERO;
        Matcher part = GO_DURATION_PART.matcher(value);
        while (part.find()) {
            BigDecimal amount = new BigDecimal(part.group(1));
            long nanosPerUnit = switch (part.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total = total.plusNanos(amount.multiply(BigDecimal.valueOf(nanosPerUnit)).longValue());
        }
        return total;
    }
}

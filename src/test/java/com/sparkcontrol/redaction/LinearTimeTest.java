package com.sparkcontrol.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pathological inputs take time linear in their length. No wall-clock bound: each input is timed (thread
 * CPU time) at n and 4n characters, and the ratio must stay near 4 (a quadratic scan would show 16).
 */
class LinearTimeTest {

    private static final int SMALL = 50_000;
    private static final double MAX_GROWTH = 10.0;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static final Redactor REDACTOR = new Redactor(DetectorCatalog.detectorsFor(DetectorCatalog.DETECTABLE),
            List.of(), List.of("aaaaaaab", "Project Falcon"));

    static Stream<Arguments> pathologicalInputs() {
        return Stream.of(
                input("a@a.a.a.a…", n -> "a@" + "a.".repeat(n / 2)),
                input("a@a@a@…", n -> "a@".repeat(n / 2)),
                input("long local part", n -> "a".repeat(n) + "@example.com"),
                input("digit run", n -> "1234567890".repeat(n / 10)),
                input("spaced digits", n -> "1 ".repeat(n / 2)),
                input("dashed digits", n -> "12-".repeat(n / 3)),
                input("+1 +1 +1", n -> "+1 ".repeat(n / 3)),
                input("dotted digits", n -> "1.".repeat(n / 2)),
                input("colons", n -> ":".repeat(n)),
                input("hex and colons", n -> "1:a:".repeat(n / 4)),
                input("IBAN openers", n -> "AA00".repeat(n / 4)),
                input("URL schemes", n -> "https://".repeat(n / 8)),
                input("www.www", n -> "www.".repeat(n / 4)),
                input("JWT openers", n -> "eyJ.".repeat(n / 4)),
                input("PEM begins without end", n -> "-----BEGIN RSA PRIVATE KEY-----\n".repeat(n / 32)),
                input("PEM label without dashes", n -> "-----BEGIN ".repeat(n / 11) + "x"),
                input("key prefixes", n -> "sk-".repeat(n / 3)),
                input("base58 run", n -> "1".repeat(n)),
                input("bech32 openers", n -> "bc1q".repeat(n / 4)),
                input("MAC-like pairs", n -> "00:".repeat(n / 3)),
                input("deny-list near misses", n -> "a".repeat(n)),
                input("placeholder openers", n -> "<EMAIL_ADDRESS_1".repeat(n / 16)));
    }

    private static Arguments input(String name, IntFunction<String> text) {
        return Arguments.of(name, text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pathologicalInputs")
    void redactionGrowsLinearly(String name, IntFunction<String> text) {
        RedactionSession session = REDACTOR.newSession();
        session.redact("jane@example.com"); // one placeholder, so restoring has work to do
        double growth = growth(text, s -> session.restore(session.redact(s)));
        assertThat(growth).as("time(4n) / time(n) for %s", name).isLessThan(MAX_GROWTH);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pathologicalInputs")
    void streamingRestoreGrowsLinearly(String name, IntFunction<String> text) {
        RedactionSession session = REDACTOR.newSession();
        session.redact("jane@example.com");
        PlaceholderRestorer restorer = new PlaceholderRestorer(session);
        double growth = growth(text, s -> {
            SseRestorer sse = restorer.streaming();
            byte[] event = ("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":"
                    + TextNode.valueOf(s) + "}}]}\n\n")
                    .getBytes(StandardCharsets.UTF_8);
            for (int at = 0; at < event.length; at += 4096) {
                sse.accept(event, at, Math.min(4096, event.length - at));
            }
            sse.finish();
        });
        assertThat(growth).as("time(4n) / time(n) for %s", name).isLessThan(MAX_GROWTH);
    }

    /**
     * Best-of-seven time at 4n over best-of-seven time at n. A ratio over the limit is measured once more
     * (a busy shared machine can stall one run); a quadratic scan fails both times.
     */
    private static double growth(IntFunction<String> text, Consumer<String> work) {
        String small = text.apply(SMALL);
        String large = text.apply(4 * SMALL);
        for (int i = 0; i < 3; i++) {
            work.accept(small);
            work.accept(large);
        }
        double growth = (double) best(large, work) / best(small, work);
        return growth < MAX_GROWTH ? growth : Math.min(growth, (double) best(large, work) / best(small, work));
    }

    /** The least CPU time this thread spent on {@code work} over seven runs (CPU time, so other busy processes do not count). */
    private static long best(String text, Consumer<String> work) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 7; i++) {
            long start = THREADS.getCurrentThreadCpuTime();
            work.accept(text);
            best = Math.min(best, THREADS.getCurrentThreadCpuTime() - start);
        }
        return Math.max(best, 1);
    }
}

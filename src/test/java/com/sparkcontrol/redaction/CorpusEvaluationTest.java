package com.sparkcontrol.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Precision and recall of the built-in detectors over the labelled corpus. */
class CorpusEvaluationTest {

    private static final Set<String> CHECKSUM_TYPES = Set.of("CREDIT_CARD", "IBAN_CODE", "CRYPTO", "US_SSN");
    private static final Path REPORT = Path.of("target/redaction-corpus-report.md");

    private static List<RedactionCorpus.Sample> corpus;

    @BeforeAll
    static void load() throws IOException {
        corpus = RedactionCorpus.read();
    }

    @Test
    void corpusFileIsWhatTheGeneratorWrites() throws IOException {
        String expected = RedactionCorpus.toJsonLines(RedactionCorpus.generate());
        assertThat(Files.readString(RedactionCorpus.FILE, StandardCharsets.UTF_8))
                .as("corpus.jsonl is stale: run RedactionCorpus.main").isEqualTo(expected);
    }

    @Test
    void corpusCoversEveryTypeInSeveralLanguagesWithHardNegatives() {
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(300);
        Map<String, Integer> positives = new TreeMap<>();
        corpus.forEach(s -> s.entities().forEach(e -> positives.merge(e.type(), 1, Integer::sum)));
        for (EntityType type : DetectorCatalog.DETECTABLE) {
            assertThat(positives.getOrDefault(type.name(), 0)).as(type.name()).isGreaterThanOrEqualTo(10);
        }
        assertThat(corpus.stream().map(RedactionCorpus.Sample::lang).distinct()).contains("en", "de", "fr", "es", "ja");
        assertThat(corpus.stream().filter(s -> s.entities().isEmpty()).count()).isGreaterThanOrEqualTo(80);
    }

    @Test
    void checksumTypesAreFoundAndOverallPrecisionHolds() throws IOException {
        Redactor redactor = Redactor.withAllDetectors();
        Map<String, int[]> counts = new TreeMap<>(); // type -> {tp, fp, fn}
        List<String> misses = new ArrayList<>();
        for (RedactionCorpus.Sample sample : corpus) {
            List<String> expected = new ArrayList<>();
            sample.entities().forEach(e -> expected.add(e.type() + "\u0000" + e.value()));
            for (PiiSpan span : redactor.analyze(sample.text())) {
                String found = span.type().name() + "\u0000" + sample.text().substring(span.start(), span.end());
                if (expected.remove(found)) {
                    counts.computeIfAbsent(span.type().name(), k -> new int[3])[0]++;
                } else {
                    counts.computeIfAbsent(span.type().name(), k -> new int[3])[1]++;
                    misses.add("FP " + found.replace('\u0000', ' ') + "   in: " + oneLine(sample.text()));
                }
            }
            for (String missed : expected) {
                String type = missed.substring(0, missed.indexOf('\u0000'));
                counts.computeIfAbsent(type, k -> new int[3])[2]++;
                misses.add("FN " + missed.replace('\u0000', ' ') + "   in: " + oneLine(sample.text()));
            }
        }
        String table = table(counts);
        System.out.println(table);
        misses.forEach(System.out::println);
        Files.createDirectories(REPORT.getParent());
        Files.writeString(REPORT, table + "\n" + String.join("\n", misses) + "\n", StandardCharsets.UTF_8);

        for (String type : CHECKSUM_TYPES) {
            assertThat(recall(counts.get(type))).as("recall of " + type).isGreaterThanOrEqualTo(0.98);
        }
        int[] all = total(counts);
        assertThat(precision(all)).as("overall precision").isGreaterThanOrEqualTo(0.95);
    }

    private static String table(Map<String, int[]> counts) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%d samples (%d without PII)%n%n", corpus.size(),
                corpus.stream().filter(s -> s.entities().isEmpty()).count()));
        out.append("| type | TP | FP | FN | precision | recall |\n|---|---:|---:|---:|---:|---:|\n");
        for (EntityType type : EnumSet.copyOf(DetectorCatalog.DETECTABLE)) {
            int[] c = counts.getOrDefault(type.name(), new int[3]);
            out.append(row(type.name(), c));
        }
        out.append(row("**overall**", total(counts)));
        return out.toString();
    }

    private static String row(String name, int[] c) {
        return String.format(Locale.ROOT, "| %s | %d | %d | %d | %.3f | %.3f |%n", name, c[0], c[1], c[2], precision(c), recall(c));
    }

    private static int[] total(Map<String, int[]> counts) {
        int[] all = new int[3];
        counts.values().forEach(c -> {
            for (int i = 0; i < 3; i++) {
                all[i] += c[i];
            }
        });
        return all;
    }

    private static double precision(int[] c) {
        return c == null || c[0] + c[1] == 0 ? 1.0 : (double) c[0] / (c[0] + c[1]);
    }

    private static double recall(int[] c) {
        return c == null || c[0] + c[2] == 0 ? 0.0 : (double) c[0] / (c[0] + c[2]);
    }

    private static String oneLine(String text) {
        String flat = text.replace("\n", "\\n");
        return flat.length() > 140 ? flat.substring(0, 140) + "…" : flat;
    }
}

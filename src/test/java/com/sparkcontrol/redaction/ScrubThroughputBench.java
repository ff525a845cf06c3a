package com.sparkcontrol.redaction;

import com.fasterxml.jackson.databind.node.TextNode;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * Scrub and restore throughput on one thread over mixed prose with sparse PII, next to two baselines over
 * the same text (a copy and a String.indexOf scan), so the figures read as ratios as well as MB/s.
 * Run with {@code bench/redaction/run.sh}. MB are 10^6 bytes of UTF-8; time is this thread's CPU time.
 */
public final class ScrubThroughputBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static final String[] SENTENCES = {
        "The quarterly report is attached; please review the figures for Q3 2024 before the meeting on 2024-10-15.",
        "We upgraded the cluster to version 2.4.1 and the build 10.0.19045.3803 no longer crashes at start-up.",
        "Thanks for your patience, the order #48213377 left the warehouse on Tuesday and should arrive soon.",
        "Der Bericht ist fertig und liegt im gemeinsamen Ordner, die Zahlen stammen vom 15.03.2024 um 09:15 Uhr.",
        "Bitte prüfen Sie die Rechnung INV-000123456 über 1.299,00 € und geben Sie bis Freitag Bescheid.",
        "Merci pour votre retour, nous revenons vers vous rapidement avec une proposition détaillée.",
        "Le budget de 1 250 000 euros a été validé pour la phase 3.2 du projet, voir la section 4.1.",
        "Gracias por tu mensaje, te responderé pronto con los detalles del pedido y la factura.",
        "明日の会議は10時からです。資料は共有フォルダにあります。よろしくお願いします。",
        "Latency dropped from 420 ms to 35 ms after enabling the cache; throughput rose 12.5% to 3,400 req/s.",
        "The request id 123e4567-e89b-12d3-a456-426614174000 failed with a timeout after 30000 ms.",
        "Summarise the following meeting notes in three bullet points and list the open questions at the end.",
    };

    private ScrubThroughputBench() {
    }

    public static void main(String[] args) {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        List<String> messages = mixedMessages(megabytes * 1_000_000L);
        long bytes = messages.stream().mapToLong(m -> m.getBytes(StandardCharsets.UTF_8).length).sum();
        Redactor redactor = Redactor.withAllDetectors();
        int pii = messages.stream().mapToInt(m -> redactor.analyze(m).size()).sum();

        System.out.printf(Locale.ROOT, "corpus: %d messages, %.1f MB UTF-8, %d PII values (one per %.0f bytes)%n",
                messages.size(), bytes / 1e6, pii, (double) bytes / Math.max(1, pii));
        System.out.printf(Locale.ROOT, "java %s, %s%n%n", System.getProperty("java.version"), System.getProperty("os.arch"));

        double copy = measure("baseline: copy (new String(char[]))", bytes, messages, m -> new String(m.toCharArray()).length());
        double scan = measure("baseline: String.indexOf('@') scan", bytes, messages, ScrubThroughputBench::countAt);
        double scrub = measure("scrub: RedactionSession.redact", bytes, messages,
                m -> redactor.newSession().redact(m).length());

        JsonScrubber json = new JsonScrubber();
        List<byte[]> bodies = chatBodies(messages);
        long bodyBytes = bodies.stream().mapToLong(b -> b.length).sum();
        double scrubJson = measure("scrub: JsonScrubber on chat bodies", bodyBytes, bodies,
                b -> json.scrub(b, redactor.newSession()).length);

        RedactionSession session = redactor.newSession();
        session.redact("jane@example.com +49 30 12345678 DE89370400440532013000");
        List<byte[]> streams = sseStreams(messages);
        long streamBytes = streams.stream().mapToLong(b -> b.length).sum();
        PlaceholderRestorer restorer = new PlaceholderRestorer(session);
        double restore = measure("restore: SseRestorer on 4 KiB chunks", streamBytes, streams, s -> restoreStream(restorer, s));

        System.out.printf(Locale.ROOT, "%nscrub %.1f MB/s: a copy is %.0fx faster, an indexOf scan %.0fx; JSON scrub %.1f MB/s; "
                + "stream restore %.1f MB/s (goal: scrub >= 20 MB/s)%n", scrub, copy / scrub, scan / scrub, scrubJson, restore);
    }

    /**
     * Median MB/s over seven timed rounds, after warm-up rounds that last at least five seconds of CPU time
     * (on a busy machine the JIT compiler threads need that long to finish).
     */
    private static <T> double measure(String name, long bytes, List<T> items, ToIntFunction<T> work) {
        long sink = 0;
        long warmUpEnd = THREADS.getCurrentThreadCpuTime() + 5_000_000_000L;
        while (THREADS.getCurrentThreadCpuTime() < warmUpEnd) {
            for (T item : items) {
                sink += work.applyAsInt(item);
            }
        }
        double[] rates = new double[7];
        for (int round = 0; round < rates.length; round++) {
            long start = THREADS.getCurrentThreadCpuTime();
            for (T item : items) {
                sink += work.applyAsInt(item);
            }
            long nanos = THREADS.getCurrentThreadCpuTime() - start;
            rates[round] = bytes / 1e6 / (nanos / 1e9);
        }
        Arrays.sort(rates);
        double median = rates[rates.length / 2];
        System.out.printf(Locale.ROOT, "%-42s %9.1f MB/s   (min %.1f, max %.1f; checksum %d)%n", name, median, rates[0],
                rates[rates.length - 1], sink % 1000);
        return median;
    }

    private static int countAt(String text) {
        int count = 0;
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            count++;
        }
        return count;
    }

    /** ~2 kB messages of prose with a PII value every ~1.5 kB on average. */
    static List<String> mixedMessages(long totalBytes) {
        Random random = new Random(11);
        CorpusValues values = new CorpusValues(random);
        List<String> messages = new ArrayList<>();
        long size = 0;
        while (size < totalBytes) {
            StringBuilder message = new StringBuilder();
            while (message.length() < 2000) {
                message.append(SENTENCES[random.nextInt(SENTENCES.length)]).append(' ');
                if (random.nextInt(12) == 0) {
                    message.append(switch (random.nextInt(6)) {
                        case 0 -> "Contact " + CorpusValues.EMAILS.get(random.nextInt(CorpusValues.EMAILS.size())) + ". ";
                        case 1 -> "Call " + CorpusValues.PHONES.get(random.nextInt(CorpusValues.PHONES.size())) + " after lunch. ";
                        case 2 -> "IBAN " + values.iban(random.nextInt(16)) + " for the refund. ";
                        case 3 -> "Card " + values.card(random.nextInt(12)) + " was charged. ";
                        case 4 -> "Server " + values.ipv4(random.nextInt(8)) + " is down. ";
                        default -> "Use key " + values.apiKey(random.nextInt(12)) + " for the test. ";
                    });
                }
            }
            String text = message.toString();
            messages.add(text);
            size += text.getBytes(StandardCharsets.UTF_8).length;
        }
        return messages;
    }

    private static List<byte[]> chatBodies(List<String> messages) {
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i + 4 <= messages.size(); i += 4) {
            StringBuilder body = new StringBuilder("{\"model\":\"qwen\",\"stream\":true,\"messages\":[");
            for (int k = 0; k < 4; k++) {
                body.append(k == 0 ? "" : ",").append("{\"role\":\"").append(k % 2 == 0 ? "user" : "assistant")
                        .append("\",\"content\":").append(TextNode.valueOf(messages.get(i + k)))
                        .append('}');
            }
            bodies.add(body.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        }
        return bodies;
    }

    /** Each message as a chat stream of 4-character deltas, with placeholders sprinkled in. */
    private static List<byte[]> sseStreams(List<String> messages) {
        List<byte[]> streams = new ArrayList<>();
        String[] placeholders = {"<EMAIL_ADDRESS_1>", "<PHONE_NUMBER_1>", "<IBAN_CODE_1>"};
        for (int i = 0; i < messages.size(); i += 8) {
            String text = messages.get(i).substring(0, 1200) + " " + placeholders[i % 3] + " " + messages.get(i).substring(1200, 1600);
            StringBuilder sse = new StringBuilder();
            for (int at = 0; at < text.length(); at += 4) {
                String delta = text.substring(at, Math.min(text.length(), at + 4));
                sse.append("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":")
                        .append(TextNode.valueOf(delta)).append("},\"finish_reason\":null}]}\n\n");
            }
            streams.add(sse.append("data: [DONE]\n\n").toString().getBytes(StandardCharsets.UTF_8));
        }
        return streams;
    }

    private static int restoreStream(PlaceholderRestorer restorer, byte[] stream) {
        SseRestorer sse = restorer.streaming();
        ByteArrayOutputStream out = new ByteArrayOutputStream(stream.length);
        for (int at = 0; at < stream.length; at += 4096) {
            out.writeBytes(sse.accept(stream, at, Math.min(4096, stream.length - at)));
        }
        out.writeBytes(sse.finish());
        return out.size();
    }
}

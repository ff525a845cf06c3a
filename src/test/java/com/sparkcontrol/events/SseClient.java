package com.sparkcontrol.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A minimal EventSource for tests: reads {@code /api/events} on its own thread and queues each event. */
final class SseClient implements AutoCloseable {

    /** One server-sent event; {@code id} is null when the server sent none. */
    record Received(String id, String name, JsonNode data) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    final HttpResponse<InputStream> response;
    private final BlockingQueue<Received> events = new LinkedBlockingQueue<>();
    private final Thread reader;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "test-sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    static SseClient connect(String url, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        return new SseClient(response);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String name = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Received(id, name, JSON.readTree(data.toString())));
                    }
                    id = null;
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith("id:")) {
                    id = value(line);
                } else if (line.startsWith("event:")) {
                    name = value(line);
                } else if (line.startsWith("data:")) {
                    data.append(data.length() > 0 ? "\n" : "").append(value(line));
                }
            }
        } catch (IOException e) {
            // closed by the test
        }
    }

    private static String value(String line) {
        String v = line.substring(line.indexOf(':') + 1);
        return v.startsWith(" ") ? v.substring(1) : v;
    }

    /** The next event matching, waiting at most {@code timeout}; skipped events are dropped. */
    Received next(Predicate<Received> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Received e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                return null;
            }
            if (wanted.test(e)) {
                return e;
            }
        }
    }

    /** Every event received until {@code until} matches (included), or the timeout. */
    List<Received> until(Predicate<Received> until, Duration timeout) throws InterruptedException {
        List<Received> all = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Received e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                return all;
            }
            all.add(e);
            if (until.test(e)) {
                return all;
            }
        }
    }

    @Override
    public void close() throws IOException {
        response.body().close();
    }
}

package com.sparkcontrol.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Reads {@code GET /api/events} over real HTTP, as a browser would, and keeps every event's JSON envelope. */
final class EventStreamReader implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> lines;

    private EventStreamReader(String baseUrl) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/events")).header("Accept", "text/event-stream").GET().build();
        response = HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines());
    }

    /** Connects and waits for the stream's opening comment, so no event published afterwards is missed. */
    static EventStreamReader open(String baseUrl) throws Exception {
        EventStreamReader reader = new EventStreamReader(baseUrl);
        HttpResponse<Stream<String>> r = reader.response.get(10, TimeUnit.SECONDS);
        reader.lines = r.body();
        CompletableFuture<Void> connected = new CompletableFuture<>();
        Thread pump = new Thread(() -> {
            StringBuilder data = new StringBuilder();
            try {
                reader.lines.forEach(line -> {
                    if (line.startsWith(":")) {
                        connected.complete(null);
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    } else if (line.isEmpty() && data.length() > 0) {
                        try {
                            reader.events.add(JSON.readTree(data.toString()));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        data.setLength(0);
                    }
                });
            } catch (RuntimeException closed) {
                // the test closed the stream
            }
        }, "test-sse-reader");
        pump.setDaemon(true);
        pump.start();
        connected.get(10, TimeUnit.SECONDS);
        return reader;
    }

    List<JsonNode> ofType(String type) {
        return events.stream().filter(e -> e.path("type").asText().equals(type)).map(e -> e.path("data")).toList();
    }

    List<String> swapLines(String swapId, String source) {
        List<String> out = new ArrayList<>();
        for (JsonNode data : ofType("swap-log")) {
            if (data.path("swapId").asText().equals(swapId) && data.path("source").asText().equals(source)) {
                out.add(data.path("line").asText());
            }
        }
        return out;
    }

    List<Long> swapSeqs(String swapId) {
        return ofType("swap-log").stream().filter(d -> d.path("swapId").asText().equals(swapId)).map(d -> d.path("seq").asLong()).toList();
    }

    @Override
    public void close() {
        if (lines != null) {
            lines.close();
        }
        response.cancel(true);
    }
}

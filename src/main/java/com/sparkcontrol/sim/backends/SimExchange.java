package com.sparkcontrol.sim.backends;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/** One request to a simulated backend: reading it and answering it exactly once. */
final class SimExchange {

    /** Larger JSON bodies are refused; uploads go through {@link MultipartUpload}, which streams. */
    static final int MAX_JSON_BODY = 32 * 1024 * 1024;

    private final HttpExchange exchange;
    private final Consumer<byte[]> bodyRecorder;
    private final Deque<Runnable> completionHooks = new ArrayDeque<>();
    private boolean responded;

    SimExchange(HttpExchange exchange) {
        this(exchange, body -> { });
    }

    /** {@code bodyRecorder} sees every body read whole, so tests can check what a backend received. */
    SimExchange(HttpExchange exchange, Consumer<byte[]> bodyRecorder) {
        this.exchange = exchange;
        this.bodyRecorder = bodyRecorder;
    }

    String method() {
        return exchange.getRequestMethod();
    }

    String path() {
        return exchange.getRequestURI().getPath();
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
    }

    /** The media type without parameters, lower-cased; empty when the client sent none. */
    String mediaType() {
        String type = header("Content-Type").orElse("");
        int semi = type.indexOf(';');
        return (semi < 0 ? type : type.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    Optional<String> queryParam(String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    InputStream body() {
        return exchange.getRequestBody();
    }

    /** Reads a small body whole; throws when it exceeds {@link #MAX_JSON_BODY}. */
    byte[] readSmallBody() throws IOException {
        byte[] body = exchange.getRequestBody().readNBytes(MAX_JSON_BODY + 1);
        if (body.length > MAX_JSON_BODY) {
            throw new IOException("request body over " + MAX_JSON_BODY + " bytes");
        }
        bodyRecorder.accept(body);
        return body;
    }

    boolean responded() {
        return responded;
    }

    /**
     * Runs {@code hook} once the request's work is over: just before a whole response is sent, or when
     * the handler returns (a stream's last chunk is written after that, on close). Counters released here
     * are free again before the client sees the end of the response, so a client that sends its next
     * request the moment the previous one completes never sees a phantom overlap.
     */
    void onComplete(Runnable hook) {
        completionHooks.push(hook);
    }

    /** Runs the completion hooks, latest first; later calls do nothing. */
    void complete() {
        while (!completionHooks.isEmpty()) {
            completionHooks.pop().run();
        }
    }

    SimExchange responseHeader(String name, String value) {
        exchange.getResponseHeaders().add(name, value);
        return this;
    }

    void sendJson(int status, Object body) throws IOException {
        byte[] bytes = (body instanceof String s ? s : SimJson.write(body)).getBytes(StandardCharsets.UTF_8);
        sendBytes(status, "application/json", bytes);
    }

    void sendText(int status, String contentType, String body) throws IOException {
        sendBytes(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    void sendBytes(int status, String contentType, byte[] body) throws IOException {
        markResponded();
        complete();
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** A status with no body and {@code Content-Length: 0}, as vLLM's and TEI's health checks answer. */
    void sendEmpty(int status) throws IOException {
        markResponded();
        complete();
        exchange.sendResponseHeaders(status, -1);
    }

    /** Starts a chunked response; the caller writes and flushes pieces as they are produced. */
    OutputStream startChunked(int status, String contentType) throws IOException {
        markResponded();
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, 0);
        return exchange.getResponseBody();
    }

    void close() {
        exchange.close();
    }

    private void markResponded() {
        if (responded) {
            throw new IllegalStateException("response already sent for " + path());
        }
        responded = true;
    }
}

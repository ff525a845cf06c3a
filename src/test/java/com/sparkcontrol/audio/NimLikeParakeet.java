package com.sparkcontrol.audio;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A transcription server that speaks like the NVIDIA NIM's HTTP API: json and text only, a 400 for any
 * other response_format. The simulator's fake Parakeet is the community server (every format), so the
 * NIM's limitation needs its own small stand-in.
 */
final class NimLikeParakeet implements AutoCloseable {

    private final HttpServer server;
    final AtomicInteger requests = new AtomicInteger();
    volatile String lastForm = "";

    NimLikeParakeet() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/v1/audio/transcriptions", exchange -> {
            requests.incrementAndGet();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.ISO_8859_1);
            lastForm = body;
            boolean plainFormat = body.contains("name=\"response_format\"\r\n\r\njson\r\n")
                    || body.contains("name=\"response_format\"\r\n\r\ntext\r\n");
            byte[] answer = (plainFormat ? "{\"text\":\"nim heard you\"}"
                    : "{\"detail\":\"Invalid response_format: supported values are json and text\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(plainFormat ? 200 : 400, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

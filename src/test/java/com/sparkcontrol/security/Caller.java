package com.sparkcontrol.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One client of Spark Control with its own cookie jar, as a browser tab would be: it keeps the session and
 * XSRF-TOKEN cookies, and can send the token back in {@code X-XSRF-TOKEN} like the dashboard does.
 */
final class Caller {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http;
    private final Map<String, String> headers = new LinkedHashMap<>();

    Caller(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A header sent with every later request (e.g. {@code X-Forwarded-For} to be a client of its own). */
    Caller always(String name, String value) {
        headers.put(name, value);
        return this;
    }

    String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).map(HttpCookie::getValue)
                .findFirst().orElse(null);
    }

    /** Fetches the session view, which also sets the XSRF-TOKEN cookie while a password is set. */
    JsonNode session() {
        return json(send("GET", "/api/auth/session", null, false));
    }

    HttpResponse<String> signIn(String password) {
        session();
        return send("POST", "/api/auth/login", Map.of("password", password), true);
    }

    HttpResponse<String> get(String path) {
        return send("GET", path, null, false);
    }

    /** A state-changing call carrying the CSRF token, as the dashboard sends it. */
    HttpResponse<String> call(String method, String path, Object body) {
        return send(method, path, body, true);
    }

    /** A state-changing call without any CSRF token. */
    HttpResponse<String> callWithoutToken(String method, String path, Object body) {
        return send(method, path, body, false);
    }

    HttpResponse<String> send(String method, String path, Object body, boolean withToken, String... extraHeaders) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json");
            headers.forEach(request::header);
            if (withToken && cookie("XSRF-TOKEN") != null) {
                request.header("X-XSRF-TOKEN", cookie("XSRF-TOKEN"));
            }
            for (int i = 0; i + 1 < extraHeaders.length; i += 2) {
                request.setHeader(extraHeaders[i], extraHeaders[i + 1]);
            }
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body)));
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }
}

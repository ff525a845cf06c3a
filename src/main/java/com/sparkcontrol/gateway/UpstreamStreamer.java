package com.sparkcontrol.gateway;

import com.sparkcontrol.config.BackendUrls;
import com.sparkcontrol.config.BackendUrls.Backend;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Forwards one {@code /v1} call to a backend and streams the answer back as it arrives. The backend is called
 * with the JDK {@link HttpClient} (long-lived clients, so connections to each backend are kept alive and
 * reused); its body becomes the exchange body as an {@link InputStream} that {@link ClientAnswer} copies to the
 * client as it arrives (build-notes §3: this streams, and closing the stream, which happens when the client goes
 * away, aborts the backend request). Server-sent events go through {@link SseRelay} (keep-alives, in-stream
 * errors). An error answer, a refused connection or a timeout becomes an {@link OpenAiFailure} before any byte
 * is sent.
 */
@Component
public class UpstreamStreamer {

    private static final Logger log = LoggerFactory.getLogger(UpstreamStreamer.class);
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final GatewayProperties properties;
    private final Function<Backend, Optional<String>> urls;
    /** Whole request bodies: the client's own tasks run on its selector thread (one thread hand-off fewer per chunk). */
    private final HttpClient http;
    /** Streamed request bodies: reading them may block, which must never happen on a selector thread. */
    private final HttpClient uploads;

    @Autowired
    public UpstreamStreamer(GatewayProperties properties, BackendUrls urls) {
        this(properties, urls::of);
    }

    UpstreamStreamer(GatewayProperties properties, Function<Backend, Optional<String>> urls) {
        this.properties = properties;
        this.urls = urls;
        this.http = client(properties).executor(Runnable::run).build();
        this.uploads = client(properties).build();
    }

    private static HttpClient.Builder client(GatewayProperties properties) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // the backends speak HTTP/1.1; no h2c upgrade round trip
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY); // the Sparks are on the LAN; also spares a proxy lookup per call
    }

    /** A route step that forwards the exchange's {@link GatewayRequest} to {@code path} on {@code backend}. */
    public Processor to(Backend backend, String path) {
        return exchange -> forward(exchange, backend, path);
    }

    /**
     * A route step that forwards the exchange's {@link GatewayRequest} to {@code path} under an explicit base URL
     * (e.g. an external OpenAI-compatible service) rather than a backend's, with {@code bearerKey} (when not null)
     * as {@code Authorization: Bearer}; the key is never logged. {@code name} names the upstream in errors. Timeouts
     * are the LLM's: such an upstream generates text.
     */
    public Processor toUrl(String name, String baseUrl, String path, String bearerKey) {
        return exchange -> forward(exchange, name, baseUrl, path, firstByteTimeout(Backend.LLM), bearerKey);
    }

    void forward(Exchange exchange, Backend backend, String path) {
        String name = backend.key();
        String base = urls.apply(backend).orElseThrow(() -> OpenAiFailure.unavailable(
                "the " + name + " backend is not configured (see spark-control.* in README.md)", null));
        forward(exchange, name, base, path, firstByteTimeout(backend), null);
    }

    private void forward(Exchange exchange, String name, String base, String path, Duration timeout, String bearerKey) {
        GatewayRequest request = exchange.getProperty(GatewayRequest.PROPERTY, GatewayRequest.class);
        CallRecord call = exchange.getProperty(CallRecord.PROPERTY, CallRecord.class);
        if (call != null) {
            call.backend = name;
        }
        URI uri = URI.create(base + path + (request.query() == null || request.query().isEmpty() ? "" : "?" + request.query()));
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout)
                .method(request.method(), publisher(request));
        if (request.contentType() != null) {
            builder.header("Content-Type", request.contentType());
        }
        if (request.accept() != null) {
            builder.header("Accept", request.accept());
        }
        if (bearerKey != null && !bearerKey.isBlank()) {
            builder.header("Authorization", "Bearer " + bearerKey);
        }
        UpstreamBody body = new UpstreamBody(properties.streamIdleTimeout().toNanos(),
                call == null ? () -> {} : call::firstByte);
        boolean streamedUpload = request.streamedBody() != null;
        HttpResponse<UpstreamBody> response = send(streamedUpload ? uploads : http, builder.build(), !streamedUpload, body,
                name, uri, timeout);
        if (call != null) {
            call.body = body;
        }
        if (response.statusCode() >= 400) {
            throw failure(name, response, body);
        }
        respond(exchange, call, request, response, body, name);
    }

    /**
     * Sends the request; a request whose whole body we hold is sent once more when the first try fails before any
     * answer, other than by a timeout or a refused connection: a kept-alive connection that the backend closed just
     * then (uvicorn drops idle ones after 5 s) must not become a 502. The bench saw such a 502 now and then when
     * 500 streams started at once on connections that had been idle.
     */
    private HttpResponse<UpstreamBody> send(HttpClient client, HttpRequest request, boolean repeatable, UpstreamBody body,
            String name, URI uri, Duration timeout) {
        try {
            try {
                return client.send(request, info -> body);
            } catch (IOException e) {
                if (!repeatable || e instanceof HttpTimeoutException || e instanceof ConnectException || tooLarge(e) != null) {
                    throw e;
                }
                log.debug("{} request failed before an answer ({}); sending it again", name, e.toString());
                return client.send(request, info -> body); // the handler was never called: the body is unused
            }
        } catch (IOException e) {
            throw failure(e, name, uri, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OpenAiFailure.unavailable("the gateway is shutting down", properties.retryAfter());
        }
    }

    private OpenAiFailure failure(IOException e, String name, URI uri, Duration timeout) {
        if (e instanceof HttpConnectTimeoutException) {
            return OpenAiFailure.unavailable("the " + name + " backend did not accept a connection within "
                    + properties.connectTimeout().toSeconds() + " s", properties.retryAfter());
        }
        if (e instanceof HttpTimeoutException) {
            return OpenAiFailure.unavailable("the " + name + " backend did not answer within " + timeout.toSeconds() + " s",
                    properties.retryAfter());
        }
        if (e instanceof ConnectException) {
            return OpenAiFailure.unavailable("the " + name + " backend is not accepting connections (" + uri.getHost() + ":"
                    + uri.getPort() + "); it may be starting or stopped", properties.retryAfter());
        }
        RequestSizeLimit.TooLarge tooLarge = tooLarge(e);
        if (tooLarge != null) { // the upload passed max-body-size while it was being sent: the backend saw it cut
            return new OpenAiFailure(tooLarge.error());
        }
        log.debug("{} request failed: {}", name, e.toString());
        return new OpenAiFailure(OpenAiError.of(502, "the connection to the " + name + " backend failed: "
                + e.getClass().getSimpleName()), properties.retryAfter());
    }

    private static RequestSizeLimit.TooLarge tooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RequestSizeLimit.TooLarge tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }

    private void respond(Exchange exchange, CallRecord call, GatewayRequest request, HttpResponse<UpstreamBody> response,
            UpstreamBody body, String name) {
        Message message = exchange.getMessage();
        String contentType = response.headers().firstValue("Content-Type").orElse(null);
        HttpServletResponse servlet = call == null ? null : call.response;
        if (servlet != null) {
            for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
                if (HopByHopHeaders.forwarded(header.getKey()) && !header.getKey().equalsIgnoreCase("content-type")) {
                    header.getValue().forEach(value -> servlet.addHeader(header.getKey(), value));
                }
            }
        }
        boolean sse = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("text/event-stream");
        if (servlet != null && StreamingHeaders.isStream(contentType, request.stream())) {
            StreamingHeaders.apply(servlet);
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, response.statusCode());
        if (call != null) {
            call.status = response.statusCode();
        }
        if (contentType != null) {
            message.setHeader(Exchange.CONTENT_TYPE, contentType);
        }
        if (!sse) { // a known length lets the answer go out unchunked, in one write
            response.headers().firstValueAsLong("Content-Length").ifPresent(length -> message.setHeader(Exchange.CONTENT_LENGTH, length));
        }
        message.setBody(sse
                ? new SseRelay(body, name, properties.heartbeatInterval().toNanos(), properties.streamIdleTimeout().toNanos())
                : body);
    }

    private OpenAiFailure failure(String name, HttpResponse<UpstreamBody> response, UpstreamBody body) {
        byte[] bytes;
        try (body) {
            bytes = body.readNBytes(MAX_ERROR_BODY);
        } catch (IOException e) {
            bytes = new byte[0];
        }
        int status = response.statusCode();
        OpenAiError error = BackendErrors.translate(name, status, bytes);
        Duration retryAfter = status == 503 || status == 429
                ? retryAfter(response.headers().firstValue("Retry-After")).orElse(properties.retryAfter())
                : null;
        return new OpenAiFailure(error, retryAfter);
    }

    private static Optional<Duration> retryAfter(Optional<String> header) {
        try {
            return header.map(String::strip).map(Double::parseDouble).map(s -> Duration.ofMillis((long) (s * 1000)));
        } catch (NumberFormatException e) {
            return Optional.empty(); // an HTTP-date: use our own default
        }
    }

    private static BodyPublisher publisher(GatewayRequest request) {
        if (request.body() != null) {
            return request.body().length == 0 ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(request.body());
        }
        if (request.streamedBody() != null) {
            BodyPublisher stream = BodyPublishers.ofInputStream(request.streamedBody());
            return request.contentLength() >= 0 ? BodyPublishers.fromPublisher(stream, request.contentLength()) : stream;
        }
        return BodyPublishers.noBody();
    }

    private Duration firstByteTimeout(Backend backend) {
        GatewayProperties.FirstByteTimeout timeouts = properties.firstByteTimeout();
        return switch (backend) {
            case LLM -> timeouts.llm();
            case TTS -> timeouts.tts();
            case STT, DIARIZATION -> timeouts.stt();
            case EMBEDDINGS -> timeouts.embeddings();
        };
    }
}

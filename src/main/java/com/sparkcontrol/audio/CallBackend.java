package com.sparkcontrol.audio;

import com.sparkcontrol.config.BackendUrls;
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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Sends the exchange's {@link BackendCall} with the JDK HttpClient (inside the guard's circuit breaker):
 * the audio file streams from disk into a multipart body, the call is bounded by the backend's timeout, and
 * the reply becomes the body. A 5xx, a timeout or a refused connection is thrown as a {@link BackendFailure}
 * so the breaker counts it; a 4xx is the client's problem and comes back as a normal {@link BackendReply}.
 */
@Component
class CallBackend implements Processor {

    /** Transcripts and diarization answers are small; anything bigger is not one of them. */
    private static final int MAX_REPLY_BYTES = 32 * 1024 * 1024;

    private final AudioProperties properties;
    private final BackendUrls urls;
    private final Clock clock = Clock.systemUTC();
    private final HttpClient http;

    CallBackend(AudioProperties properties, BackendUrls urls) {
        this.properties = properties;
        this.urls = urls;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        BackendCall call = exchange.getProperty(BackendCall.PROPERTY, BackendCall.class);
        exchange.getMessage().setBody(send(call));
    }

    BackendReply send(BackendCall call) throws IOException {
        AudioBackend backend = call.backend();
        // a missing setting is no backend failure: the breaker does not count it
        String base = urls.of(backend.backend()).orElseThrow(() -> AudioFailure.unavailable("the " + backend.service()
                + " backend is not configured (set spark-control.spark2.host, or spark-control.parakeet.url / diarizer.url)", 30));
        URI uri = URI.create(base + call.path());
        Duration timeout = backend.timeout(properties);
        String boundary = "sparkcontrol-" + UUID.randomUUID();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", "application/json, text/plain;q=0.9, */*;q=0.1")
                .POST(multipart(call, boundary))
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException e) {
            throw new BackendFailure(BackendFailure.Kind.REFUSED, 0, null, "the " + backend.service()
                    + " backend did not accept a connection within " + properties.connectTimeout().toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            throw new BackendFailure(BackendFailure.Kind.TIMEOUT, 0, null, "the " + backend.service()
                    + " backend did not answer within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new BackendFailure(BackendFailure.Kind.REFUSED, 0, null, "the " + backend.service()
                    + " backend is not accepting connections (" + uri.getHost() + ":" + uri.getPort()
                    + "); it may be starting or stopped");
        } catch (IOException e) {
            throw new BackendFailure(BackendFailure.Kind.BROKEN_CONNECTION, 0, null, "the connection to the "
                    + backend.service() + " backend failed (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendFailure(BackendFailure.Kind.BROKEN_CONNECTION, 0, null, "interrupted while calling the "
                    + backend.service() + " backend");
        }
        byte[] body = read(response, backend, timeout);
        String contentType = response.headers().firstValue("Content-Type").orElse("application/octet-stream");
        if (response.statusCode() >= 500) {
            var retryAfter = RetryAfter.until(response.headers().firstValue("Retry-After").orElse(null), clock);
            throw new BackendFailure(BackendFailure.Kind.SERVER_ERROR, response.statusCode(), retryAfter.orElse(null),
                    "the " + backend.service() + " backend answered " + response.statusCode() + ": "
                            + BackendMessages.detail(body));
        }
        return new BackendReply(response.statusCode(), contentType, body);
    }

    private static byte[] read(HttpResponse<InputStream> response, AudioBackend backend, Duration timeout) {
        try (InputStream in = response.body()) {
            byte[] body = in.readNBytes(MAX_REPLY_BYTES + 1);
            if (body.length > MAX_REPLY_BYTES) {
                throw new BackendFailure(BackendFailure.Kind.SERVER_ERROR, 502, null, "the " + backend.service()
                        + " backend's answer is larger than " + MAX_REPLY_BYTES / (1024 * 1024) + " MB");
            }
            return body;
        } catch (HttpTimeoutException e) {
            throw new BackendFailure(BackendFailure.Kind.TIMEOUT, 0, null, "the " + backend.service()
                    + " backend did not finish its answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            throw new BackendFailure(BackendFailure.Kind.BROKEN_CONNECTION, 0, null, "the " + backend.service()
                    + " backend broke off its answer (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Fields first, then the file streamed from disk: the backend (FastAPI) parses the form before it works. */
    static BodyPublisher multipart(BackendCall call, String boundary) throws IOException {
        StringBuilder head = new StringBuilder();
        for (Map.Entry<String, String> field : call.fields()) {
            head.append("--").append(boundary).append("\r\n")
                    .append("Content-Disposition: form-data; name=\"").append(quoted(field.getKey())).append("\"\r\n\r\n")
                    .append(field.getValue()).append("\r\n");
        }
        head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"file\"; filename=\"").append(quoted(call.fileName()))
                .append("\"\r\n")
                .append("Content-Type: ").append(call.fileContentType()).append("\r\n\r\n");
        String tail = "\r\n--" + boundary + "--\r\n";
        return BodyPublishers.concat(
                BodyPublishers.ofByteArray(head.toString().getBytes(StandardCharsets.UTF_8)),
                BodyPublishers.ofFile(call.file()),
                BodyPublishers.ofByteArray(tail.getBytes(StandardCharsets.UTF_8)));
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "").replace("\n", "");
    }
}

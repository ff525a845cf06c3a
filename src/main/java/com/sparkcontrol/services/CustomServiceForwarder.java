package com.sparkcontrol.services;

import com.sparkcontrol.gateway.OpenAiError;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Forwards a request under a custom service's gateway prefix to the service on its Spark and streams the
 * answer back as it arrives: the upstream {@code InputStream} becomes the body, so server-sent events and
 * chunked audio pass event by event, and a client that goes away closes the upstream connection.
 * Hop-by-hop headers and the caller's {@code Authorization} (meant for Spark Control) are not forwarded.
 * (The gateway's {@code UpstreamStreamer} does the same for the built-in backends; this is the minimal
 * version for custom services and operators' YAML routes until the two are unified.)
 */
@Component
public class CustomServiceForwarder implements Processor {

    static final String SERVICE = "customServiceName";

    private static final Logger log = LoggerFactory.getLogger(CustomServiceForwarder.class);
    /** RFC 9110 §7.6.1 hop-by-hop headers, plus those the JDK client sets itself and ours. */
    static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
            "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect",
            "authorization", "http2-settings");
    /** Describe the upstream server and its connection, not us: the servlet container sets its own. */
    private static final Set<String> NOT_ANSWERED = Set.of("server", "date");
    private static final Set<String> WITHOUT_BODY = Set.of("GET", "HEAD", "DELETE", "OPTIONS", "TRACE");

    private final ServiceCatalog catalog;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    CustomServiceForwarder(ServiceCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        Message in = exchange.getIn();
        HttpServletRequest request = in instanceof PlatformHttpMessage platform ? platform.getRequest() : null;
        String name = exchange.getProperty(SERVICE, String.class);
        Optional<ServiceDefinition> service = catalog.find(name).filter(d -> d.gatewayPrefix() != null);
        if (request == null || service.isEmpty()) {
            error(exchange, 404, "no custom service answers this path");
            return;
        }
        ServiceDefinition d = service.get();
        Optional<String> base = catalog.baseUrl(d);
        if (base.isEmpty()) {
            error(exchange, 503, d.name() + " runs on " + d.node() + ", which has no host configured");
            return;
        }
        String rest = request.getRequestURI().substring(Math.min(request.getRequestURI().length(),
                request.getContextPath().length() + d.gatewayPrefix().length()));
        String target = base.get() + d.upstreamPath() + rest + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        forward(exchange, request, target, d.name() + " on " + d.node(), null);
    }

    /**
     * Forwards the current platform-http request to {@code target} (a full URL, query included) and streams the
     * answer back, exactly as for a custom service; operators' YAML routes reach it through
     * {@code direct:proxy-stream}. A body a route step replaced (a {@code byte[]} or {@code String}, e.g. after
     * redaction) is sent with its own length. {@code upstream} names the upstream in errors and the log;
     * {@code timeout}, when not null, bounds the wait for the response headers (then 504).
     */
    public void forward(Exchange exchange, String target, String upstream, Duration timeout) throws InterruptedException {
        Message in = exchange.getIn();
        if (!(in instanceof PlatformHttpMessage platform)) {
            throw new IllegalStateException("only an HTTP request (a platform-http route) can be forwarded");
        }
        forward(exchange, platform.getRequest(), target, upstream, timeout);
    }

    private void forward(Exchange exchange, HttpServletRequest request, String target, String upstreamName, Duration timeout)
            throws InterruptedException {
        Message in = exchange.getIn();
        HttpRequest.Builder upstream = HttpRequest.newBuilder(URI.create(target));
        if (timeout != null) {
            upstream.timeout(timeout);
        }
        for (String header : Collections.list(request.getHeaderNames())) {
            if (!NOT_FORWARDED.contains(header.toLowerCase(Locale.ROOT))) {
                for (String value : Collections.list(request.getHeaders(header))) {
                    upstream.header(header, value);
                }
            }
        }
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        Object body = in.getBody();
        if (body instanceof Reader) {
            body = in.getBody(InputStream.class); // platform-http without useStreaming=true reads the request as text
        } else if (body != null && !(body instanceof InputStream) && !(body instanceof byte[]) && !(body instanceof String)) {
            body = in.getBody(byte[].class); // e.g. JSON a route step built as a map
        }
        upstream.method(method, publisher(method, body, request.getContentLengthLong()));
        HttpResponse<InputStream> response;
        try {
            response = http.send(upstream.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            log.warn("{}: {} sent no answer within {}", exchange.getFromRouteId(), upstreamName, timeout);
            error(exchange, 504, upstreamName + " sent no answer within " + timeout.toSeconds() + " s");
            return;
        } catch (IOException e) {
            log.warn("{}: {} did not answer: {}", exchange.getFromRouteId(), upstreamName, e.toString());
            error(exchange, 503, upstreamName + " is not answering; try again once it is running");
            exchange.getMessage().setHeader("Retry-After", "10");
            return;
        }
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
            String key = header.getKey().toLowerCase(Locale.ROOT);
            if (!NOT_FORWARDED.contains(key) && !NOT_ANSWERED.contains(key) && !key.startsWith(":")) {
                out.setHeader(header.getKey(), header.getValue().size() == 1 ? header.getValue().get(0) : header.getValue());
            }
        }
        if (response.headers().firstValue("content-type").orElse("").startsWith("text/event-stream")) {
            out.setHeader("X-Accel-Buffering", "no"); // a proxy in front must not buffer events either
        }
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, response.statusCode());
        out.setBody(response.body());
    }

    /**
     * The request body as it is read, with its length when the client sent one (some servers refuse chunked
     * uploads); a body a route step replaced, with its own length.
     */
    private static HttpRequest.BodyPublisher publisher(String method, Object replaced, long length) {
        if (WITHOUT_BODY.contains(method)) {
            return HttpRequest.BodyPublishers.noBody();
        }
        if (replaced instanceof String text) {
            replaced = text.getBytes(StandardCharsets.UTF_8);
        }
        if (replaced instanceof byte[] bytes) {
            return bytes.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(bytes);
        }
        InputStream body = replaced instanceof InputStream stream ? stream : null;
        if (body == null || length == 0) {
            return HttpRequest.BodyPublishers.noBody();
        }
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> body);
        return length > 0 ? HttpRequest.BodyPublishers.fromPublisher(stream, length) : stream;
    }

    private static void error(Exchange exchange, int status, String message) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(OpenAiError.of(status, message).json());
    }
}

package com.sparkcontrol.services;

import com.sparkcontrol.gateway.OpenAiError;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * version for custom services until the two are unified.)
 */
@Component
class CustomServiceForwarder implements Processor {

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
        HttpRequest.Builder upstream = HttpRequest.newBuilder(URI.create(target));
        for (String header : Collections.list(request.getHeaderNames())) {
            if (!NOT_FORWARDED.contains(header.toLowerCase(Locale.ROOT))) {
                for (String value : Collections.list(request.getHeaders(header))) {
                    upstream.header(header, value);
                }
            }
        }
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        InputStream body = in.getBody(InputStream.class);
        upstream.method(method, publisher(method, body, request.getContentLengthLong()));
        HttpResponse<InputStream> response;
        try {
            response = http.send(upstream.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            log.warn("services-custom-proxy: {} on {} did not answer: {}", d.name(), d.node(), e.toString());
            error(exchange, 503, d.name() + " on " + d.node() + " is not answering; try again once it is running");
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

    /** The request body as it is read; with its length when the client sent one (some servers refuse chunked uploads). */
    private static HttpRequest.BodyPublisher publisher(String method, InputStream body, long length) {
        if (WITHOUT_BODY.contains(method) || body == null || length == 0) {
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

package com.sparkcontrol.routes;

import com.sparkcontrol.gateway.OpenAiError;
import com.sparkcontrol.gateway.OpenAiFailure;
import com.sparkcontrol.services.ServiceCatalog;
import com.sparkcontrol.services.ServiceDefinition;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.springframework.stereotype.Component;

/**
 * Where {@code direct:proxy-stream} sends the current request: the route's {@code SparkControlUpstream} (an
 * {@code http(s)://} URL, or {@code service:<name>[/path]} for a built-in or custom service at the address
 * {@code GET /api/services} shows), plus whatever the request path adds below the route's own path (for
 * {@code matchOnUriPrefix} routes), plus the query string.
 */
@Component
class UpstreamTarget {

    /** The URL to call, and how errors and the log name the upstream. */
    record Target(String url, String name) {}

    static final String SERVICE_SCHEME = "service:";
    private static final Duration RETRY_UNCONFIGURED = Duration.ofSeconds(30);

    private final ServiceCatalog catalog;

    UpstreamTarget(ServiceCatalog catalog) {
        this.catalog = catalog;
    }

    Target resolve(Exchange exchange, String block) {
        HttpServletRequest request = BlockHeaders.request(exchange);
        if (request == null) {
            throw BlockHeaders.misconfigured(exchange, "calls " + block + ", which forwards an HTTP request; "
                    + "start the route with platform-http (a timer route can call an upstream with to: http://...)");
        }
        String upstream = BlockHeaders.fromRoute(exchange, BlockHeaders.UPSTREAM, block);
        Target base = upstream.startsWith(SERVICE_SCHEME) ? service(exchange, upstream) : url(exchange, upstream);
        String rest = below(exchange, request);
        int q = base.url().indexOf('?');
        String path = q < 0 ? base.url() : base.url().substring(0, q);
        String query = q < 0 ? "" : base.url().substring(q + 1);
        String url = path.endsWith("/") && rest.startsWith("/") ? path + rest.substring(1) : path + rest;
        String callerQuery = request.getQueryString();
        if (callerQuery != null && !callerQuery.isEmpty()) {
            query = query.isEmpty() ? callerQuery : query + "&" + callerQuery;
        }
        return new Target(query.isEmpty() ? url : url + "?" + query, base.name());
    }

    private Target service(Exchange exchange, String upstream) {
        String spec = upstream.substring(SERVICE_SCHEME.length());
        int slash = spec.indexOf('/');
        String name = slash < 0 ? spec : spec.substring(0, slash);
        String path = slash < 0 ? "" : spec.substring(slash);
        Optional<ServiceDefinition> service = catalog.find(name);
        if (service.isEmpty()) {
            throw new OpenAiFailure(OpenAiError.of(503, "no service named '" + name + "' is defined (route "
                    + exchange.getFromRouteId() + "); add it to services-overrides.yaml or point the route at a URL")
                    .code("upstream_not_configured"), RETRY_UNCONFIGURED);
        }
        ServiceDefinition d = service.get();
        String base = catalog.baseUrl(d).orElseThrow(() -> new OpenAiFailure(OpenAiError.of(503, d.name() + " runs on "
                + d.node() + ", which has no host configured").code("upstream_not_configured"), RETRY_UNCONFIGURED));
        return new Target(checked(exchange, base + path), d.name() + " on " + d.node());
    }

    private static Target url(Exchange exchange, String upstream) {
        String url = checked(exchange, upstream);
        URI uri = URI.create(url);
        return new Target(url, uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()));
    }

    /** An absolute http(s) URL with a host, else the route is wrong. */
    private static String checked(Exchange exchange, String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getRawFragment() == null) {
                return url;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw BlockHeaders.misconfigured(exchange, "sets " + BlockHeaders.UPSTREAM + " to '" + url
                + "', which is neither an http(s):// URL nor service:<name>[/path]");
    }

    /**
     * The part of the request path below the route's path: only a {@code matchOnUriPrefix} route has one. Dot
     * segments are refused so a caller cannot climb out of the upstream path the route chose.
     */
    private static String below(Exchange exchange, HttpServletRequest request) {
        if (!(exchange.getFromEndpoint() instanceof PlatformHttpEndpoint endpoint) || !endpoint.isMatchOnUriPrefix()) {
            return "";
        }
        String uri = request.getRequestURI().substring(request.getContextPath().length());
        String own = endpoint.getPath();
        if (own == null || !uri.startsWith(own)) {
            return "";
        }
        String rest = uri.substring(own.length());
        for (String segment : rest.toLowerCase(Locale.ROOT).replace("%2e", ".").split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new OpenAiFailure(OpenAiError.of(400, "the path must not contain '.' or '..' segments").code("invalid_path"));
            }
        }
        return rest.isEmpty() || rest.startsWith("/") ? rest : "/" + rest;
    }
}

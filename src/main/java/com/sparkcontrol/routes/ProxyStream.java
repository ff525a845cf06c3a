package com.sparkcontrol.routes;

import com.sparkcontrol.services.CustomServiceForwarder;
import java.io.Reader;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * {@code direct:proxy-stream}: forwards the current HTTP request (method, body as it streams in, headers but the
 * hop-by-hop ones and the caller's {@code Authorization}) to the route's upstream and hands the answer back as
 * it arrives, so server-sent events pass event by event and a client that goes away closes the upstream
 * connection. The forwarding itself is the custom services' {@link CustomServiceForwarder}, so both behave alike.
 * The route's platform-http URI needs {@code ?useStreaming=true} for anything but text: without it the request
 * arrives as characters (and an upload broken), so such a request is refused with a message saying so.
 */
@Component
class ProxyStream implements Processor {

    static final String BLOCK = "direct:proxy-stream";

    private final UpstreamTarget targets;
    private final CustomServiceForwarder forwarder;
    private final RoutesProperties properties;

    ProxyStream(UpstreamTarget targets, CustomServiceForwarder forwarder, RoutesProperties properties) {
        this.targets = targets;
        this.forwarder = forwarder;
        this.properties = properties;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        forward(exchange, BLOCK);
    }

    /** Forwards for {@code block} (the name errors use); the answer's status is in {@code CamelHttpResponseCode}. */
    void forward(Exchange exchange, String block) throws InterruptedException {
        UpstreamTarget.Target target = targets.resolve(exchange, block);
        String contentType = BlockHeaders.request(exchange).getContentType();
        if (exchange.getIn().getBody() instanceof Reader && !textual(contentType)) {
            // without useStreaming=true platform-http reads the request as text: an upload would arrive broken
            throw BlockHeaders.misconfigured(exchange, "forwards a " + contentType
                    + " request, but its platform-http URI lacks ?useStreaming=true (needed for uploads)");
        }
        forwarder.forward(exchange, target.url(), target.name(), properties.upstreamTimeout());
    }

    private static boolean textual(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        return type.isEmpty() || type.startsWith("text/") || type.startsWith("application/json") || type.contains("+json")
                || type.startsWith("application/x-www-form-urlencoded") || type.startsWith("application/xml");
    }
}

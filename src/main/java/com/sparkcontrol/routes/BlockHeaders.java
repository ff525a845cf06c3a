package com.sparkcontrol.routes;

import com.sparkcontrol.gateway.OpenAiError;
import com.sparkcontrol.gateway.OpenAiFailure;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The headers and properties a YAML route sets before calling a building block. platform-http turns every
 * request header into a message header, so a caller could send {@code SparkControlUpstream} itself; a value
 * the route did not set (it still equals what the caller sent) is refused, never used.
 */
final class BlockHeaders {

    /** Where {@code direct:proxy-stream} and {@code direct:guarded-call} forward: a URL or {@code service:<name>[/path]}. */
    static final String UPSTREAM = "SparkControlUpstream";
    /** The guard name of {@code direct:guarded-call}: one slot and one breaker per name. */
    static final String GUARD = "SparkControlGuard";
    /** The service {@code direct:service-command} acts on. */
    static final String SERVICE = "SparkControlService";
    /** The lifecycle action of {@code direct:service-command}: install, start, stop or restart. */
    static final String ACTION = "SparkControlAction";
    /** Set by {@code direct:loaded-model} to the model vLLM serves; absent when none is loaded. */
    static final String MODEL = "SparkControlModel";
    /** The Micrometer timer {@code direct:record-latency} records into, e.g. {@code sparkcontrol.smoke.test}. */
    static final String TIMER = "SparkControlTimer";
    /** Exchange property: when the timed call started ({@code ${date:now}}); the exchange's creation otherwise. */
    static final String TIMER_STARTED = "SparkControlTimerStarted";
    /** Exchange property: the {@code RedactionSession} {@code direct:redact} leaves for {@code direct:restore}. */
    static final String REDACTION = "SparkControlRedaction";

    private static final Logger log = LoggerFactory.getLogger(BlockHeaders.class);

    private BlockHeaders() {}

    /** The header the route set for {@code block}; 400 when the caller sent it, 500 when the route forgot it. */
    static String fromRoute(Exchange exchange, String header, String block) {
        String value = exchange.getIn().getHeader(header, String.class);
        HttpServletRequest request = request(exchange);
        if (request != null && value != null && value.equals(request.getHeader(header))) {
            throw new OpenAiFailure(OpenAiError.of(400, "the header " + header + " is set by Spark Control's route, not by the caller")
                    .param(header).code("header_not_allowed"));
        }
        if (value == null || value.isBlank()) {
            throw misconfigured(exchange, "calls " + block + " without setting the header " + header);
        }
        return value.strip();
    }

    /** The servlet request when the exchange came in over platform-http, else null (a timer, say). */
    static HttpServletRequest request(Exchange exchange) {
        return exchange.getIn() instanceof PlatformHttpMessage http ? http.getRequest() : null;
    }

    /** A mistake in the operator's route file: logged for the operator, a 500 envelope for the caller. */
    static OpenAiFailure misconfigured(Exchange exchange, String problem) {
        String route = exchange.getFromRouteId();
        log.warn("{}: the route {}; fix its file in the routes folder", route, problem);
        return new OpenAiFailure(OpenAiError.of(500, "the route " + route + " " + problem + " (see the Spark Control log)")
                .code("route_misconfigured"));
    }
}

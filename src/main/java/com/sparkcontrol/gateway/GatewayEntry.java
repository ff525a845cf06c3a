package com.sparkcontrol.gateway;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code /v1} HTTP edge: runs the {@code gateway} route synchronously on the request's own thread, then
 * writes the answer the route left ({@link ClientAnswer}). Deliberately not a {@code platform-http} consumer:
 * that one hands every request to the task executor and back through an MVC async re-dispatch, which measured
 * as most of the gateway's added latency (docs/PERFORMANCE.md). Paths other controllers or operators' routes
 * declare (e.g. {@code /v1/audio/transcriptions}) are more specific than {@code /v1/**} and win.
 */
@RestController
class GatewayEntry {

    static final String ROUTE = "direct:gateway";
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final CamelContext camel;
    private final ProducerTemplate template;
    private final Endpoint gateway;
    private final ClientAnswer answer;
    private final GatewayMetrics metrics;

    GatewayEntry(CamelContext camel, ProducerTemplate template, ClientAnswer answer, GatewayMetrics metrics) {
        this.camel = camel;
        this.template = template;
        this.gateway = camel.getEndpoint(ROUTE);
        this.answer = answer;
        this.metrics = metrics;
    }

    @RequestMapping("/v1/**")
    void forward(HttpServletRequest request, HttpServletResponse response) {
        String below = request.getRequestURI().substring(request.getContextPath().length() + "/v1".length());
        CallRecord call = new CallRecord(request.getMethod(), "/v1" + below, request, response);
        boolean clientGone = false;
        try {
            if (!camel.isStarted()) { // Tomcat takes calls a moment before the routes start, and after they stop
                clientGone = !answer.write(OpenAiFailure.unavailable("the gateway is starting or stopping", RETRY), call);
                return;
            }
            Exchange exchange = template.send(gateway, ex -> ex.setProperty(CallRecord.PROPERTY, call));
            clientGone = !answer.write(exchange, call);
        } finally {
            metrics.completed(call, clientGone);
        }
    }
}

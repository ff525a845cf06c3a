package com.sparkcontrol.routes;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The building blocks operators call from their YAML routes with {@code to: direct:<block>}, each configured
 * by headers the route sets (see routes/README.md and docs/CUSTOM_ROUTES.md):
 * {@code direct:proxy-stream} (forward the request, stream the answer), {@code direct:guarded-call} (the same
 * behind a single slot and a circuit breaker), {@code direct:redact} and {@code direct:restore} (PII out of
 * the request, back into the answer), {@code direct:service-command} (a declared lifecycle action of a
 * service), {@code direct:loaded-model} and {@code direct:record-latency} (for scheduled checks).
 */
@Component
class OperatorBuildingBlocks extends RouteBuilder {

    private final ProxyStream proxyStream;
    private final GuardedCall guardedCall;
    private final RedactRequest redact;
    private final RestoreRedactedAnswer restore;
    private final RunServiceCommand serviceCommand;
    private final LoadedModel loadedModel;
    private final RecordLatency recordLatency;

    OperatorBuildingBlocks(ProxyStream proxyStream, GuardedCall guardedCall, RedactRequest redact, RestoreRedactedAnswer restore,
            RunServiceCommand serviceCommand, LoadedModel loadedModel, RecordLatency recordLatency) {
        this.proxyStream = proxyStream;
        this.guardedCall = guardedCall;
        this.redact = redact;
        this.restore = restore;
        this.serviceCommand = serviceCommand;
        this.loadedModel = loadedModel;
        this.recordLatency = recordLatency;
    }

    @Override
    public void configure() {
        // a block never answers its own failures: the exception goes back to the calling route, stops it (so a
        // failed redaction forwards nothing) and is written by that route's configuration (openai-errors)
        errorHandler(noErrorHandler());

        from("direct:proxy-stream").routeId("block-proxy-stream").process(proxyStream);
        from("direct:guarded-call").routeId("block-guarded-call").process(guardedCall);
        from("direct:redact").routeId("block-redact").process(redact);
        from("direct:restore").routeId("block-restore").process(restore);
        from("direct:service-command").routeId("block-service-command").process(serviceCommand);
        from("direct:loaded-model").routeId("block-loaded-model").process(loadedModel);
        from("direct:record-latency").routeId("block-record-latency").process(recordLatency);
    }
}

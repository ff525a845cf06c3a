package com.sparkcontrol.redaction;

import static com.sparkcontrol.redaction.RedactionPath.CHAT;
import static com.sparkcontrol.redaction.RedactionPath.COMPLETIONS;
import static com.sparkcontrol.redaction.RedactionPath.EMBEDDINGS;

import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The redaction gateway, {@code /redact/v1}: read the call, scrub it, forward the scrubbed request, restore the
 * answer (ARCHITECTURE.md §4: scrub → forward → restore). Chat and completions go to the redaction upstream
 * (the local vLLM unless {@code spark-control.redaction.upstream-url} names another); embeddings go through the
 * embeddings route ({@code embeddings-proxy}, with its model pin), and need no restoring.
 */
@Component
class RedactionGatewayRoute extends RouteBuilder {

    private static final Logger log = LoggerFactory.getLogger(RedactionGatewayRoute.class);

    private final ReadRedactionRequest read;
    private final ScrubRequest scrub;
    private final RedactionUpstream upstream;
    private final RestoreAnswer restore;

    RedactionGatewayRoute(ReadRedactionRequest read, ScrubRequest scrub, RedactionUpstream upstream, RestoreAnswer restore) {
        this.read = read;
        this.scrub = scrub;
        this.upstream = upstream;
        this.restore = restore;
    }

    @Override
    public void configure() {
        log.info("Redaction gateway: /redact/v1 chat and completions go to {}", upstream.describe());

        from(CHAT.endpoint()).routeId("redaction-gateway-chat").routeConfigurationId(RedactionErrorsConfiguration.ID)
                .process(read.of(CHAT))
                .process(scrub)
                .process(upstream.to(CHAT))
                .process(restore);

        from(COMPLETIONS.endpoint()).routeId("redaction-gateway-completions").routeConfigurationId(RedactionErrorsConfiguration.ID)
                .process(read.of(COMPLETIONS))
                .process(scrub)
                .process(upstream.to(COMPLETIONS))
                .process(restore);

        from(EMBEDDINGS.endpoint()).routeId("redaction-gateway-embeddings").routeConfigurationId(RedactionErrorsConfiguration.ID)
                .process(read.of(EMBEDDINGS))
                .process(scrub)
                .to("direct:embeddings-proxy");
    }
}

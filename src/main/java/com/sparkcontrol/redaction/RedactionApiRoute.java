package com.sparkcontrol.redaction;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** {@code redaction-api}: the text of {@code POST /api/redact} in, a {@link RedactionResult} out. */
@Component
class RedactionApiRoute extends RouteBuilder {

    static final String ENDPOINT = "direct:redaction-api";

    private final RedactText redactText;

    RedactionApiRoute(RedactText redactText) {
        this.redactText = redactText;
    }

    @Override
    public void configure() {
        from(ENDPOINT).routeId("redaction-api").process(redactText);
    }
}

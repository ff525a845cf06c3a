package com.sparkcontrol.redaction;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code redaction-errors}: how every {@code /redact/v1} route answers a failure, declared once. Routes join
 * with {@code .routeConfigurationId("redaction-errors")}.
 */
@Component
class RedactionErrorsConfiguration extends RouteConfigurationBuilder {

    static final String ID = "redaction-errors";

    private final WriteRedactionError writeError;

    RedactionErrorsConfiguration(WriteRedactionError writeError) {
        this.writeError = writeError;
    }

    @Override
    public void configuration() {
        routeConfiguration(ID).onException(Exception.class).handled(true).process(writeError);
    }
}

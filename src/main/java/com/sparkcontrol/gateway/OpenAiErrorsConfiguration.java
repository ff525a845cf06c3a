package com.sparkcontrol.gateway;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code openai-errors}: how every {@code /v1} route (Java or operators' YAML) answers a failure, declared
 * once. Routes join with {@code .routeConfigurationId("openai-errors")}.
 */
@Component
class OpenAiErrorsConfiguration extends RouteConfigurationBuilder {

    static final String ID = "openai-errors";

    private final WriteOpenAiError writeError;

    OpenAiErrorsConfiguration(WriteOpenAiError writeError) {
        this.writeError = writeError;
    }

    @Override
    public void configuration() {
        routeConfiguration(ID).onException(Exception.class).handled(true).process(writeError);
    }
}

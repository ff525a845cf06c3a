package com.sparkcontrol.routes;

import com.sparkcontrol.config.BackendUrls.Backend;
import com.sparkcontrol.gateway.BackendReadiness;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * {@code direct:loaded-model}: sets the header {@code SparkControlModel} to the model vLLM serves now (as
 * {@code GET /v1/models} reports it, cached for a few seconds), or removes it when no model is loaded or vLLM
 * does not answer, so a route can skip work that needs a model.
 */
@Component
class LoadedModel implements Processor {

    private final BackendReadiness readiness;

    LoadedModel(BackendReadiness readiness) {
        this.readiness = readiness;
    }

    @Override
    public void process(Exchange exchange) {
        BackendReadiness.Readiness llm = readiness.of(Backend.LLM);
        if (llm.ready() && llm.model() != null) {
            exchange.getIn().setHeader(BlockHeaders.MODEL, llm.model());
        } else {
            exchange.getIn().removeHeader(BlockHeaders.MODEL);
        }
    }
}

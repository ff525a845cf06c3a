package com.sparkcontrol.gateway;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Before an LLM call leaves: refuse or hold it during a swap ({@link LlmAdmission}), and answer 404 listing the
 * models that are up when it names a model vLLM does not serve. An absent model is vLLM's default, as in vLLM.
 */
@Component
class AdmitLlmCall implements Processor {

    private final LlmAdmission admission;
    private final ModelDirectory models;

    AdmitLlmCall(LlmAdmission admission, ModelDirectory models) {
        this.admission = admission;
        this.models = models;
    }

    @Override
    public void process(Exchange exchange) {
        admission.admit();
        String model = exchange.getProperty(GatewayRequest.PROPERTY, GatewayRequest.class).model();
        if (model != null && models.llmKnownNotToServe(model)) {
            throw new OpenAiFailure(OpenAiError.of(404, "The model `" + model + "` does not exist or is not loaded."
                    + " Models up: " + String.join(", ", models.idsUp()) + ".").param("model").code("model_not_found"));
        }
    }
}

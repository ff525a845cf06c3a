package com.sparkcontrol.llm;

import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * The second half of the ready gate: once the log said {@code Application startup complete.}, the swap is READY
 * only when {@code GET /v1/models} on the head names the model. A different model answering means a stale vLLM
 * holds the port, which fails the swap rather than reporting the wrong model as loaded.
 */
@Component
class ReadinessCheck implements Processor {

    private final ActiveModel activeModel;
    private final VllmModels vllm;

    ReadinessCheck(ActiveModel activeModel, VllmModels vllm) {
        this.activeModel = activeModel;
        this.vllm = vllm;
    }

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        Swap swap = exchange.getIn().getBody(Swap.class);
        if (!swap.readyMarkerSeen() || !swap.inFlight()) {
            return;
        }
        Optional<List<VllmModels.Served>> served = vllm.list();
        if (served.isEmpty()) {
            return; // refused or not 200 yet: still starting
        }
        String expected = swap.model().servedName();
        if (served.get().stream().anyMatch(s -> s.id().equals(expected))) {
            activeModel.ready(swap);
        } else if (!served.get().isEmpty()) {
            throw new SwapFailedException("wrong model", "vLLM on the head serves " + served.get().stream().map(VllmModels.Served::id).toList()
                    + ", not " + expected + " (a stale vLLM may hold the port)");
        }
    }
}

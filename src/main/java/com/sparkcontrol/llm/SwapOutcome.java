package com.sparkcontrol.llm;

import com.sparkcontrol.ssh.SparkException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.RuntimeCamelException;
import org.springframework.stereotype.Component;

/**
 * Ends a swap that did not reach READY. A failure is reported at once (FAILED with its cause), then, if the
 * cluster was already touched, the launch is stopped so no half-loaded vLLM keeps the GPUs; a cancel stops the
 * cluster first and reports CANCELLED once it is clean. Before {@code stop} ran, nothing is undone: the old
 * model still serves.
 */
@Component
class SwapOutcome implements Processor {

    private final ActiveModel activeModel;
    private final ClusterStop stop;

    SwapOutcome(ActiveModel activeModel, ClusterStop stop) {
        this.activeModel = activeModel;
        this.stop = stop;
    }

    @Override
    public void process(Exchange exchange) {
        Swap swap = exchange.getIn().getBody(Swap.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        while (cause instanceof RuntimeCamelException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof SwapCancelledException) {
            if (swap.clusterTouched()) {
                activeModel.enter(swap, swap.state(), "cancelling: stopping the cluster", 0);
                stop.cleanUp(swap);
            }
            activeModel.cancelled(swap);
            return;
        }
        activeModel.failed(swap, message(cause), kind(cause, swap));
        if (swap.clusterTouched()) {
            stop.cleanUp(swap);
        }
    }

    private static String message(Throwable cause) {
        if (cause == null) {
            return "unknown failure";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    private static String kind(Throwable cause, Swap swap) {
        if (cause instanceof SwapFailedException failed) {
            return failed.kind();
        }
        if (cause instanceof SparkException spark) {
            return (swap.clusterTouched() ? "ssh: " : "pre-flight: ") + spark.reason().name().toLowerCase().replace('_', ' ');
        }
        return "internal";
    }
}

package com.sparkcontrol.audio;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/** How the HTTP edges hand a request to an audio route and get its answer (or its failure, unwrapped). */
@Component
class AudioFlows {

    private final ProducerTemplate template;

    AudioFlows(ProducerTemplate template) {
        this.template = template;
    }

    <T> T run(String endpoint, Map<String, Object> properties, Class<T> answer) throws Exception {
        Exchange done;
        try {
            done = template.send(endpoint, exchange -> properties.forEach(exchange::setProperty));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the web server takes requests a moment before Camel's routes start, and a moment after they stop
            throw AudioFailure.unavailable("Spark Control is starting or stopping; try again in a few seconds", 5);
        }
        Exception failure = done.getException();
        if (failure != null) {
            throw unwrap(failure);
        }
        return done.getMessage().getMandatoryBody(answer);
    }

    /** The audio failure behind Camel's wrappers (a split reports a chunk's failure inside a CamelExchangeException). */
    private static Exception unwrap(Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AudioFailure audio) {
                return audio;
            }
        }
        return failure;
    }
}

package com.sparkcontrol.audio;

import java.util.Map;
import org.apache.camel.CamelExecutionException;
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
        Exchange done = template.send(endpoint, exchange -> properties.forEach(exchange::setProperty));
        Exception failure = done.getException();
        if (failure != null) {
            throw unwrap(failure);
        }
        return done.getMessage().getMandatoryBody(answer);
    }

    private static Exception unwrap(Exception failure) {
        Throwable cause = failure;
        while ((cause instanceof CamelExecutionException || cause instanceof org.apache.camel.RuntimeCamelException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof Exception e ? e : failure;
    }
}

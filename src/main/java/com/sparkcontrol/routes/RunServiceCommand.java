package com.sparkcontrol.routes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.gateway.OpenAiError;
import com.sparkcontrol.gateway.OpenAiFailure;
import com.sparkcontrol.services.ServiceActionRequest;
import com.sparkcontrol.ssh.CommandArguments;
import com.sparkcontrol.ssh.InvalidArgumentException;
import com.sparkcontrol.ssh.SparkException;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code direct:service-command}: runs one declared lifecycle action ({@code SparkControlAction}: install,
 * start, stop or restart) of a named service ({@code SparkControlService}) through the services lifecycle
 * ({@code direct:services-action}), which plans its own commands from the service's definition. No text from
 * the route or the request reaches a command line: anything but those four actions and a well-formed service
 * name is a 400 before any SSH. Answers 202 with the action id, as {@code POST /api/services/{name}/{action}}.
 */
@Component
class RunServiceCommand implements Processor {

    static final String BLOCK = "direct:service-command";
    static final List<String> ACTIONS = List.of("install", "start", "stop", "restart");

    private final ProducerTemplate producer;
    private final ObjectMapper json;

    RunServiceCommand(ProducerTemplate producer, ObjectMapper json) {
        this.producer = producer;
        this.json = json;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        String action = BlockHeaders.fromRoute(exchange, BlockHeaders.ACTION, BLOCK);
        if (!ACTIONS.contains(action)) {
            throw new OpenAiFailure(OpenAiError.of(400, BlockHeaders.ACTION + " must be one of " + String.join(", ", ACTIONS))
                    .param(BlockHeaders.ACTION).code("invalid_action"));
        }
        String service = BlockHeaders.fromRoute(exchange, BlockHeaders.SERVICE, BLOCK);
        Object started;
        try {
            CommandArguments.serviceName(BlockHeaders.SERVICE, service);
            started = producer.requestBody("direct:services-action", new ServiceActionRequest(service, action));
        } catch (CamelExecutionException e) {
            throw translated(e.getCause() == null ? e : e.getCause());
        } catch (RuntimeException e) {
            throw translated(e);
        }
        Message answer = exchange.getMessage();
        answer.removeHeaders("*");
        answer.setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        answer.setHeader(Exchange.CONTENT_TYPE, "application/json");
        answer.setBody(json.writeValueAsBytes(started));
    }

    /** The services lifecycle refuses with the exceptions its controller maps; the same statuses here. */
    private static RuntimeException translated(Throwable refusal) {
        if (refusal instanceof InvalidArgumentException invalid) {
            return new OpenAiFailure(OpenAiError.of(400, invalid.getMessage()).param(invalid.field()).code("invalid_argument"));
        }
        if (refusal instanceof NoSuchElementException unknown) {
            return new OpenAiFailure(OpenAiError.of(404, unknown.getMessage()).code("unknown_service"));
        }
        if (refusal instanceof SparkException down) {
            return new OpenAiFailure(OpenAiError.of(503, down.getMessage()).code("spark_unavailable"), Duration.ofSeconds(10));
        }
        if (refusal instanceof ResponseStatusException status) {
            return new OpenAiFailure(OpenAiError.of(status.getStatusCode().value(), status.getReason()).code("refused"));
        }
        return refusal instanceof RuntimeException runtime ? runtime : new IllegalStateException(refusal);
    }
}

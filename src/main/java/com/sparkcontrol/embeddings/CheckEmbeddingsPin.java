package com.sparkcontrol.embeddings;

import com.sparkcontrol.gateway.GatewayRequest;
import com.sparkcontrol.gateway.OpenAiError;
import com.sparkcontrol.gateway.OpenAiFailure;
import java.io.IOException;
import java.io.InputStream;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * After the embeddings service answered: reads the whole answer, asks {@link EmbeddingsPin} whether its model
 * and dimension may go out, and either passes the bytes on unchanged or refuses with 409
 * {@code embedding_model_changed} (nothing of the answer reaches the client).
 */
@Component
class CheckEmbeddingsPin implements Processor {

    /** Larger answers are refused rather than buffered (a batch of 2048 vectors of 4096 floats is about 170 MB). */
    static final int MAX_ANSWER = 256 * 1024 * 1024;
    static final String CODE = "embedding_model_changed";

    private static final Logger log = LoggerFactory.getLogger(CheckEmbeddingsPin.class);

    private final EmbeddingsPin pin;

    CheckEmbeddingsPin(EmbeddingsPin pin) {
        this.pin = pin;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        byte[] answer = readWhole(message.getBody(InputStream.class));
        EmbeddingsAnswer shape = EmbeddingsAnswer.read(answer).orElse(null);
        if (shape == null || shape.dimension() == null) { // not an embeddings answer we can judge: nothing to pin
            log.debug("embeddings answer without a vector; not checked against the pin");
            message.setBody(answer);
            return;
        }
        EmbeddingsPin.Verdict verdict = pin.admit(shape.model(), shape.dimension(), requestedDimensions(exchange));
        if (verdict instanceof EmbeddingsPin.Verdict.Refused refused) {
            log.warn("Embeddings answer withheld: model {} dimension {} does not match the pin (model {} dimension {})",
                    refused.model(), refused.dimension(), refused.pin().model(), refused.pin().dimension());
            throw new OpenAiFailure(OpenAiError.of(409, refusal(refused)).code(CODE));
        }
        message.setBody(answer);
    }

    private static String refusal(EmbeddingsPin.Verdict.Refused refused) {
        EmbeddingsPin.Pin pinned = refused.pin();
        return "The embeddings service now answers with model " + describe(refused.model(), refused.dimension())
                + ", but embeddings are pinned to model " + describe(pinned.model(), pinned.dimension())
                + " since " + pinned.pinnedAt() + ". Vectors of different models cannot be compared, so the answer was"
                + " withheld. If the change is intended, re-embed your stored data and clear the pin (DELETE"
                + " /api/embeddings/pin, or Re-pin in the dashboard); otherwise restore the previous model.";
    }

    private static String describe(String model, Integer dimension) {
        return (model == null ? "(unnamed)" : model) + (dimension == null ? "" : " (dimension " + dimension + ")");
    }

    private static Integer requestedDimensions(Exchange exchange) {
        GatewayRequest request = exchange.getProperty(GatewayRequest.PROPERTY, GatewayRequest.class);
        if (request == null || request.json() == null || !request.json().path("dimensions").canConvertToInt()) {
            return null;
        }
        return request.json().get("dimensions").intValue();
    }

    private static byte[] readWhole(InputStream body) {
        if (body == null) {
            return new byte[0];
        }
        byte[] bytes;
        try (body) {
            bytes = body.readNBytes(MAX_ANSWER + 1);
        } catch (IOException e) {
            throw new OpenAiFailure(OpenAiError.of(502, "the embeddings backend's answer broke off: " + e.getClass().getSimpleName()));
        }
        if (bytes.length > MAX_ANSWER) {
            throw new OpenAiFailure(OpenAiError.of(413, "the embeddings answer is larger than " + MAX_ANSWER
                    + " bytes and cannot be checked against the pin; send smaller batches").code("answer_too_large"));
        }
        return bytes;
    }
}

package com.sparkcontrol.embeddings;

import static com.sparkcontrol.config.BackendUrls.Backend.EMBEDDINGS;

import com.sparkcontrol.gateway.UpstreamStreamer;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code embeddings-proxy}: forwards an embeddings call (the {@code /v1} gateway's and the redaction gateway's)
 * to the embeddings service on the audio Spark, then checks the answer against the model pin. It has no error
 * handler of its own: a failure goes back to the calling route, which answers it in its own way (with the
 * OpenAI envelope and {@code Retry-After} in both gateways).
 */
@Component
class EmbeddingsRoute extends RouteBuilder {

    static final String ENDPOINT = "direct:embeddings-proxy";

    private final UpstreamStreamer upstream;
    private final CheckEmbeddingsPin checkPin;

    EmbeddingsRoute(UpstreamStreamer upstream, CheckEmbeddingsPin checkPin) {
        this.upstream = upstream;
        this.checkPin = checkPin;
    }

    @Override
    public void configure() {
        from(ENDPOINT).routeId("embeddings-proxy").errorHandler(noErrorHandler())
                .process(upstream.to(EMBEDDINGS, "/v1/embeddings"))
                .process(checkPin);
    }
}

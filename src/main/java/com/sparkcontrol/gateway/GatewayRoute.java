package com.sparkcontrol.gateway;

import static com.sparkcontrol.config.BackendUrls.Backend.LLM;
import static com.sparkcontrol.config.BackendUrls.Backend.TTS;

import org.apache.camel.Predicate;
import org.apache.camel.support.builder.PredicateBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The {@code /v1} content-based router: every call enters {@code gateway} (sent by {@link GatewayEntry}, on the
 * request's own thread), is checked and read, then goes by path (and, for embeddings, by model: vLLM when the
 * loaded LLM is the model asked for) to one route per backend. Each backend route forwards with
 * {@link UpstreamStreamer}, which leaves the backend's answer as a stream for {@link ClientAnswer} to copy.
 */
@Component
class GatewayRoute extends RouteBuilder {

    private final ReadOpenAiRequest readRequest;
    private final ResolveModelAlias resolveAlias;
    private final AdmitLlmCall admitLlmCall;
    private final DefaultVoice defaultVoice;
    private final ListModels listModels;
    private final ModelDirectory models;
    private final UpstreamStreamer upstream;

    GatewayRoute(ReadOpenAiRequest readRequest, ResolveModelAlias resolveAlias, AdmitLlmCall admitLlmCall,
            DefaultVoice defaultVoice, ListModels listModels, ModelDirectory models, UpstreamStreamer upstream) {
        this.readRequest = readRequest;
        this.resolveAlias = resolveAlias;
        this.admitLlmCall = admitLlmCall;
        this.defaultVoice = defaultVoice;
        this.listModels = listModels;
        this.models = models;
        this.upstream = upstream;
    }

    @Override
    public void configure() {
        from(GatewayEntry.ROUTE)
                .routeId("gateway")
                .routeConfigurationId(OpenAiErrorsConfiguration.ID)
                .process(readRequest)
                .process(resolveAlias)
                .choice()
                    .when(path(GatewayPath.CHAT)).to("direct:gateway-chat")
                    .when(path(GatewayPath.COMPLETIONS)).to("direct:gateway-completions")
                    .when(PredicateBuilder.and(path(GatewayPath.EMBEDDINGS), this::llmServesRequestedModel)).to("direct:gateway-embeddings-llm")
                    .when(path(GatewayPath.EMBEDDINGS)).to("direct:embeddings-proxy") // embeddings package: forward, then check the model pin
                    .when(path(GatewayPath.SPEECH)).to("direct:gateway-speech")
                    .when(path(GatewayPath.VOICES)).to("direct:gateway-voices")
                    .otherwise().to("direct:gateway-models")
                .end();

        from("direct:gateway-chat").routeId("gateway-chat").routeConfigurationId(OpenAiErrorsConfiguration.ID)
                .process(admitLlmCall)
                .process(upstream.to(LLM, "/v1/chat/completions"));

        from("direct:gateway-completions").routeId("gateway-completions").routeConfigurationId(OpenAiErrorsConfiguration.ID)
                .process(admitLlmCall)
                .process(upstream.to(LLM, "/v1/completions"));

        from("direct:gateway-embeddings-llm").routeId("gateway-embeddings-llm").routeConfigurationId(OpenAiErrorsConfiguration.ID)
                .process(admitLlmCall)
                .process(upstream.to(LLM, "/v1/embeddings"));

        from("direct:gateway-speech").routeId("gateway-speech").routeConfigurationId(OpenAiErrorsConfiguration.ID)
                .process(defaultVoice)
                .process(upstream.to(TTS, "/v1/audio/speech"));

        from("direct:gateway-voices").routeId("gateway-voices").routeConfigurationId(OpenAiErrorsConfiguration.ID)
                .process(upstream.to(TTS, "/v1/audio/voices"));

        from("direct:gateway-models").routeId("gateway-models").routeConfigurationId(OpenAiErrorsConfiguration.ID)
                .process(listModels);
    }

    private static Predicate path(GatewayPath path) {
        return exchange -> exchange.getProperty(GatewayPath.PROPERTY) == path;
    }

    private boolean llmServesRequestedModel(org.apache.camel.Exchange exchange) {
        return models.llmServes(exchange.getProperty(GatewayRequest.PROPERTY, GatewayRequest.class).model());
    }
}

package com.sparkcontrol.redaction;

import com.sparkcontrol.config.BackendUrls;
import com.sparkcontrol.config.BackendUrls.Backend;
import com.sparkcontrol.gateway.OpenAiError;
import com.sparkcontrol.gateway.OpenAiFailure;
import com.sparkcontrol.gateway.UpstreamStreamer;
import java.net.URI;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Where scrubbed requests go: {@code spark-control.redaction.upstream-url} (an OpenAI-compatible base URL such
 * as {@code https://api.example.com/v1}) when set, else the local vLLM's {@code /v1}; with
 * {@code upstream-key} as the bearer key when set. Forwarding is the gateway's {@link UpstreamStreamer}, so
 * answers stream back as they arrive and a client that leaves stops the upstream.
 */
@Component
class RedactionUpstream {

    private final UpstreamStreamer streamer;
    private final BackendUrls urls;
    private final String configuredUrl;
    /** How errors name the upstream: its host, or {@code llm}. */
    private final String name;
    private final String key;

    RedactionUpstream(UpstreamStreamer streamer, BackendUrls urls, RedactionProperties properties) {
        this.streamer = streamer;
        this.urls = urls;
        this.configuredUrl = properties.upstreamUrl();
        this.name = configuredUrl == null ? Backend.LLM.key() : URI.create(configuredUrl).getHost();
        this.key = properties.upstreamKey();
    }

    /** A route step forwarding the call's scrubbed request to {@code path} below the upstream's base URL. */
    Processor to(RedactionPath path) {
        return exchange -> {
            if (configuredUrl != null) {
                streamer.toUrl(name, configuredUrl, path.path, key).process(exchange);
                return;
            }
            String llm = urls.of(Backend.LLM).orElseThrow(() -> new OpenAiFailure(OpenAiError.of(503,
                    "the llm backend is not configured (set spark-control.spark1.host, or spark-control.redaction.upstream-url)")));
            streamer.toUrl(name, llm + "/v1", path.path, key).process(exchange);
        };
    }

    /** For the log: where requests go, without the key. */
    String describe() {
        return configuredUrl != null ? configuredUrl : "the local vLLM";
    }
}

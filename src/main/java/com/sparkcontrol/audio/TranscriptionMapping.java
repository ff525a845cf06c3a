package com.sparkcontrol.audio;

import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.handler.SimpleUrlHandlerMapping;

/** Maps {@code /v1/audio/transcriptions} to {@link TranscriptionEndpoint} before the gateway's {@code /v1/**} entry sees it. */
@Configuration(proxyBeanMethods = false)
class TranscriptionMapping {

    @Bean
    SimpleUrlHandlerMapping audioTranscriptionMapping(TranscriptionEndpoint endpoint) {
        return new SimpleUrlHandlerMapping(Map.of(TranscriptionEndpoint.PATH, endpoint), TranscriptionEndpoint.ORDER);
    }
}

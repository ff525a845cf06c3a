package com.sparkcontrol.redaction;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The redaction engine the gateway and {@code POST /api/redact} share: the built-in detectors the properties
 * enable, plus any {@link PiiDetector} beans (custom detectors), with the allow and deny lists.
 */
@Configuration(proxyBeanMethods = false)
class RedactionConfiguration {

    @Bean
    Redactor redactor(RedactionProperties properties, ObjectProvider<PiiDetector> customDetectors) {
        List<PiiDetector> detectors = new ArrayList<>(DetectorCatalog.detectorsFor(properties.enabledTypes()));
        customDetectors.orderedStream().forEach(detectors::add);
        return new Redactor(detectors, properties.allowList(), properties.denyList());
    }

    @Bean
    JsonScrubber jsonScrubber(ObjectMapper json) {
        return new JsonScrubber(json);
    }
}

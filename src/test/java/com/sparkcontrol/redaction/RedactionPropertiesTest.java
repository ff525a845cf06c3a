package com.sparkcontrol.redaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binding {@code spark-control.redaction.*} the way Spring does, without starting the application. */
class RedactionPropertiesTest {

    private static RedactionProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("spark-control.redaction", RedactionProperties.class);
    }

    @Test
    void defaultsEnableEveryTypeWithEmptyLists() {
        RedactionProperties defaults = bind(Map.of());
        assertThat(defaults.enabledTypes()).isEqualTo(DetectorCatalog.DETECTABLE);
        assertThat(defaults.allowList()).isEmpty();
        assertThat(defaults.denyList()).isEmpty();
        assertThat(defaults.upstreamUrl()).isNull();
        assertThat(RedactionProperties.defaults()).isEqualTo(defaults);
    }

    @Test
    void bindsTypesListsAndUpstreamFromRelaxedNames() {
        RedactionProperties bound = bind(Map.of(
                "spark-control.redaction.enabled-types", "EMAIL_ADDRESS, iban-code",
                "spark-control.redaction.allow-list[0]", "support@sparkcontrol.example",
                "spark-control.redaction.deny-list", "Project Falcon,ACME GmbH",
                "spark-control.redaction.upstream-url", "https://api.example.com/v1",
                "spark-control.redaction.upstream-key", "sk-live-secret-value"));
        assertThat(bound.enabledTypes()).containsExactlyInAnyOrder(EntityType.EMAIL_ADDRESS, EntityType.IBAN_CODE);
        assertThat(bound.allowList()).containsExactly("support@sparkcontrol.example");
        assertThat(bound.denyList()).containsExactly("Project Falcon", "ACME GmbH");
        assertThat(bound.upstreamUrl()).isEqualTo("https://api.example.com/v1");
        assertThat(bound.toString()).doesNotContain("sk-live-secret-value", "Project Falcon", "support@").contains("****");

        RedactionSession session = Redactor.from(bound).newSession();
        assertThat(session.redact("support@sparkcontrol.example, jane@example.com, +49 30 12345678, Project Falcon"))
                .isEqualTo("support@sparkcontrol.example, <EMAIL_ADDRESS_1>, +49 30 12345678, <DENY_LIST_1>");
    }
}

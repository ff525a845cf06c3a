package com.sparkcontrol.redaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

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

    @Test
    void theUpstreamMustBeAnHttpBaseUrlAndABadOneNeverEchoesItsValue() {
        assertThat(bind(Map.of("spark-control.redaction.upstream-url", "https://api.example.com/v1/")).upstreamUrl())
                .isEqualTo("https://api.example.com/v1");
        assertThat(bind(Map.of("spark-control.redaction.upstream-url", " ")).upstreamUrl()).isNull();
        for (String bad : List.of("ftp://files.example.com/v1", "https://user:sk-secret@api.example.com/v1", "api.example.com/v1",
                "https://api.example.com/v1?key=sk-secret", "http://exa mple.com")) {
            assertThatThrownBy(() -> bind(Map.of("spark-control.redaction.upstream-url", bad)))
                    .as(bad)
                    .hasStackTraceContaining("spark-control.redaction.upstream-url")
                    .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("sk-secret", "files.example", "exa mple"));
        }
    }

    @Test
    void theBodyLimitDefaultsTo16MegabytesAndBindsFromSizes() {
        assertThat(bind(Map.of()).maxBodySize()).isEqualTo(DataSize.ofMegabytes(16));
        assertThat(bind(Map.of("spark-control.redaction.max-body-size", "512KB")).maxBodySize()).isEqualTo(DataSize.ofKilobytes(512));
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}

package com.sparkcontrol.redaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The engine and the per-request session: placeholders, overlaps, lists, stats and failing closed. */
class RedactorTest {

    private final Redactor redactor = Redactor.withAllDetectors();

    @Test
    void textWithoutPiiComesBackAsTheSameString() {
        String text = "Plain prose, version 1.2.3.4, order #48213377, 2024-03-15 — nothing to hide. 東京";
        RedactionSession session = redactor.newSession();
        assertThat(session.redact(text)).isSameAs(text);
        assertThat(session.hasNoPlaceholders()).isTrue();
        assertThat(session.stats().total()).isZero();
    }

    @Test
    void sameValueGetsTheSamePlaceholderAcrossTextsOfOneRequest() {
        RedactionSession session = redactor.newSession();
        String first = session.redact("Mail jane@example.com or john@example.com.");
        String second = session.redact("Again: jane@example.com, tel +49 30 12345678");
        assertThat(first).isEqualTo("Mail <EMAIL_ADDRESS_1> or <EMAIL_ADDRESS_2>.");
        assertThat(second).isEqualTo("Again: <EMAIL_ADDRESS_1>, tel <PHONE_NUMBER_1>");
        assertThat(session.valueOf("<EMAIL_ADDRESS_2>")).isEqualTo("john@example.com");
        assertThat(redactor.newSession().redact("john@example.com")).isEqualTo("<EMAIL_ADDRESS_1>");
    }

    @Test
    void entityOffsetsPointAtPlaceholdersInTheRedactedText() {
        RedactionResult result = redactor.newSession()
                .redactWithEntities("Karte 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, Mail jane@example.com");
        assertThat(result.entities()).extracting(RedactedEntity::type)
                .containsExactly(EntityType.CREDIT_CARD, EntityType.IBAN_CODE, EntityType.EMAIL_ADDRESS);
        for (RedactedEntity entity : result.entities()) {
            assertThat(result.text().substring(entity.start(), entity.end())).isEqualTo(entity.placeholder());
        }
    }

    @Test
    void restoreInvertsRedact() {
        RedactionSession session = redactor.newSession();
        String original = "Send 0.1 BTC to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa, then call +44 20 7946 0958.";
        assertThat(session.restore(session.redact(original))).isEqualTo(original);
    }

    @Test
    void placeholdersTheUserWroteAreNeverAssigned() {
        RedactionSession session = redactor.newSession();
        String redacted = session.redact("Template says <EMAIL_ADDRESS_1>; mine is jane@example.com");
        assertThat(redacted).isEqualTo("Template says <EMAIL_ADDRESS_1>; mine is <EMAIL_ADDRESS_2>");
        assertThat(session.restore("<EMAIL_ADDRESS_1> / <EMAIL_ADDRESS_2>")).isEqualTo("<EMAIL_ADDRESS_1> / jane@example.com");
    }

    @Nested
    class Overlaps {
        @Test
        void aSecretInsideAUrlMakesTheWholeUrlASecret() {
            String text = "hook https://api.example.com/v1?key=AKIAIOSFODNN7EXAMPLE end";
            assertThat(redactor.newSession().redact(text)).isEqualTo("hook <API_KEY_1> end");
        }

        @Test
        void anEmailInsideAUrlIsPartOfTheUrl() {
            assertThat(redactor.newSession().redact("see https://example.com/u/jane@example.com/profile"))
                    .isEqualTo("see <URL_1>");
        }

        @Test
        void disjointSpansStaySeparate() {
            List<PiiSpan> spans = OverlapResolver.resolve(List.of(
                    new PiiSpan(EntityType.PHONE_NUMBER, 10, 20), new PiiSpan(EntityType.EMAIL_ADDRESS, 0, 5)));
            assertThat(spans).containsExactly(new PiiSpan(EntityType.EMAIL_ADDRESS, 0, 5), new PiiSpan(EntityType.PHONE_NUMBER, 10, 20));
        }

        @Test
        void partialOverlapsMergeUnderTheLongerType() {
            List<PiiSpan> spans = OverlapResolver.resolve(List.of(
                    new PiiSpan(EntityType.PHONE_NUMBER, 0, 10), new PiiSpan(EntityType.CREDIT_CARD, 5, 25)));
            assertThat(spans).containsExactly(new PiiSpan(EntityType.CREDIT_CARD, 0, 25));
        }
    }

    @Nested
    class Lists {
        private final Redactor configured = new Redactor(DetectorCatalog.detectorsFor(DetectorCatalog.DETECTABLE),
                List.of("support@sparkcontrol.example"), List.of("Project Falcon", "ACME GmbH"));

        @Test
        void allowListedValuesAreNeverRedacted() {
            assertThat(configured.newSession().redact("Ask support@sparkcontrol.example or jane@example.com"))
                    .isEqualTo("Ask support@sparkcontrol.example or <EMAIL_ADDRESS_1>");
        }

        @Test
        void denyListedTermsAreAlwaysRedacted() {
            RedactionSession session = configured.newSession();
            assertThat(session.redact("project falcon ships for Acme GmbH")).isEqualTo("<DENY_LIST_1> ships for <DENY_LIST_2>");
            assertThat(session.stats().counts()).containsEntry(EntityType.DENY_LIST, 2);
        }

        @Test
        void disabledTypesAreNotDetected() {
            Redactor emailsOnly = Redactor.from(new RedactionProperties(Set.of(EntityType.EMAIL_ADDRESS), null, null, null, null, null));
            assertThat(emailsOnly.newSession().redact("jane@example.com +49 30 12345678"))
                    .isEqualTo("<EMAIL_ADDRESS_1> +49 30 12345678");
        }
    }

    @Nested
    class FailClosed {
        private final PiiDetector broken = new PiiDetector() {
            @Override
            public EntityType type() {
                return EntityType.PHONE_NUMBER;
            }

            @Override
            public List<PiiSpan> detect(String text) {
                throw new IllegalStateException("boom while reading " + text);
            }
        };

        @Test
        void aDetectorThatThrowsFailsTheWholeRedaction() {
            Redactor withBroken = new Redactor(List.of(new EmailDetector(), broken), List.of(), List.of());
            RedactionSession session = withBroken.newSession();
            assertThatThrownBy(() -> session.redact("jane@example.com secret text"))
                    .isInstanceOf(RedactionFailedException.class)
                    .hasMessageContaining("PHONE_NUMBER")
                    .hasMessageNotContaining("jane@example.com")
                    .hasMessageNotContaining("secret")
                    .hasNoCause()
                    .satisfies(e -> assertThat(((RedactionFailedException) e).reason())
                            .isEqualTo(RedactionFailedException.Reason.DETECTOR_FAILED));
        }

        @Test
        void aFailingDetectorStopsJsonScrubbingToo() {
            Redactor withBroken = new Redactor(List.of(broken), List.of(), List.of());
            byte[] body = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes();
            assertThatThrownBy(() -> new JsonScrubber().scrub(body, withBroken.newSession()))
                    .isInstanceOf(RedactionFailedException.class);
        }

        @Test
        void aSpanOutsideTheTextIsAFailureNotATruncation() {
            PiiDetector liar = new PiiDetector() {
                @Override
                public EntityType type() {
                    return EntityType.URL;
                }

                @Override
                public List<PiiSpan> detect(String text) {
                    return List.of(new PiiSpan(EntityType.URL, 0, text.length() + 5));
                }
            };
            assertThatThrownBy(() -> new Redactor(List.of(liar), List.of(), List.of()).newSession().redact("abc"))
                    .isInstanceOf(RedactionFailedException.class);
        }
    }

    @Test
    void statsCountPerTypeForTheMetricAndTheLogLineWithoutValues() {
        RedactionSession session = redactor.newSession();
        session.redact("jane@example.com, jane@example.com, +49 30 12345678");
        RedactionStats stats = session.stats();
        assertThat(stats.counts()).containsEntry(EntityType.EMAIL_ADDRESS, 2).containsEntry(EntityType.PHONE_NUMBER, 1);
        assertThat(stats.summary()).isEqualTo("redacted=3 EMAIL_ADDRESS=2 PHONE_NUMBER=1").doesNotContain("jane");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        stats.publish(registry);
        assertThat(registry.counter(RedactionStats.METRIC, "type", "EMAIL_ADDRESS").count()).isEqualTo(2.0);
        assertThat(new RedactionStats().summary()).isEqualTo("redacted=0");
    }
}

package com.sparkcontrol.redaction;

import java.util.List;
import org.springframework.stereotype.Component;

/**
 * A custom detector (a {@link PiiDetector} bean, which the app adds to its engine) that throws on texts holding
 * {@link #TRIGGER}, so the integration tests can prove the redaction gateway fails closed. Scanned into the
 * shared test context only (it lives in the test tree); it finds nothing in any other text.
 */
@Component
class FailingDetector implements PiiDetector {

    static final String TRIGGER = "trigger-the-failing-test-detector";

    @Override
    public EntityType type() {
        return EntityType.DENY_LIST;
    }

    @Override
    public List<PiiSpan> detect(String text) {
        if (text.contains(TRIGGER)) {
            throw new IllegalStateException("test detector failed on purpose; text: " + text);
        }
        return List.of();
    }
}

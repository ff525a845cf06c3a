package com.sparkcontrol.routes;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Operator YAML routes ({@code spark-control.routes.*}); the folder itself is {@code spark-control.routes-dir}.
 *
 * @param pollInterval    how often the routes folder is checked for new, changed and deleted files
 * @param seedExamples    copy the bundled examples into the examples/ sub-folder when the folder is created
 * @param upstreamTimeout how long an upstream called by direct:proxy-stream or direct:guarded-call
 *                        may take to send its response headers (then 504)
 * @param guard           the single slot and circuit breaker of direct:guarded-call, per guard name
 * @param values          free values routes read as {{spark-control.routes.values.<name>:default}}, so a
 *                        URL or a period can be set in config.yaml or the environment instead of in the file
 */
@ConfigurationProperties("spark-control.routes")
public record RoutesProperties(
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("true") boolean seedExamples,
        @DefaultValue("600s") Duration upstreamTimeout,
        @DefaultValue Guard guard,
        @DefaultValue Map<String, String> values) {

    /**
     * @param queueLength          calls that may wait for the slot; one more is refused at once with 503
     * @param queueWait            how long a call may wait for the slot before it is refused with 503
     * @param failureRateThreshold percentage of failed calls (5xx, no answer) in the window that opens the breaker
     * @param slidingWindowSize    how many recent calls the failure rate is computed over
     * @param minimumNumberOfCalls calls needed in the window before the rate counts
     * @param waitInOpen           how long an opened breaker refuses calls before one probe call is let through
     * @param maxRetryAfter        the longest Retry-After from an upstream that is honoured as given
     */
    public record Guard(
            @DefaultValue("16") int queueLength,
            @DefaultValue("300s") Duration queueWait,
            @DefaultValue("50") float failureRateThreshold,
            @DefaultValue("10") int slidingWindowSize,
            @DefaultValue("5") int minimumNumberOfCalls,
            @DefaultValue("30s") Duration waitInOpen,
            @DefaultValue("300s") Duration maxRetryAfter) {}
}

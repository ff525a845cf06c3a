package com.sparkcontrol.health;

import com.sparkcontrol.events.EventBus;
import com.sparkcontrol.health.ConnectivityHistory.Report;
import com.sparkcontrol.web.ApiError;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/health-event}: an app reports a failure it saw between polls. Validated (400), rate-limited
 * per source (429 with Retry-After), then kept in the connectivity history and shown on the dashboard.
 */
@RestController
class HealthEventController {

    private final HealthEventLimiter limiter;
    private final ConnectivityHistory connectivity;
    private final EventBus events;

    HealthEventController(HealthEventLimiter limiter, ConnectivityHistory connectivity, EventBus events) {
        this.limiter = limiter;
        this.connectivity = connectivity;
        this.events = events;
    }

    @PostMapping(value = "/api/health-event", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Object> report(@RequestBody HealthEvent body) {
        HealthEvent event = body.validated();
        Optional<Duration> wait = limiter.acquire(event.source());
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", Long.toString(seconds))
                    .body(new ApiError("too many health events", "source '" + event.source() + "' may report again in "
                            + seconds + " s"));
        }
        Report report = connectivity.report(event.source(), event.service(), event.detail());
        events.publish(EventBus.Types.HEALTH_EVENT, report);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(report);
    }
}

package com.sparkcontrol.services;

import com.sparkcontrol.services.ServiceActions.ActionRun;
import com.sparkcontrol.services.ServiceProbes.Probe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * After patches were copied and the container restarted: waits until the overlay's endpoint answers with
 * anything but 404. While the host service is still starting, it waits (up to the verify timeout); once the
 * host answers its own health check and the endpoint still does not, the overlay did not load and the
 * action fails saying so.
 */
@Component
class OverlayVerifier implements Processor {

    static final Duration POLL = Duration.ofSeconds(2);
    /** Polls in a row with the host ready and the endpoint missing before the overlay is declared not loaded. */
    static final int READY_WITHOUT_ENDPOINT = 3;
    /** Print a "still waiting" line every this many polls. */
    private static final int PROGRESS_EVERY = 15;

    private final ServiceCatalog catalog;
    private final ServiceProbes probes;
    private final ServiceActions actions;
    private final Duration timeout;

    OverlayVerifier(ServiceCatalog catalog, ServiceProbes probes, ServiceActions actions, ServicesProperties properties) {
        this.catalog = catalog;
        this.probes = probes;
        this.actions = actions;
        this.timeout = properties.verifyTimeout();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) throws InterruptedException {
        ActionRun run = exchange.getProperty(ServiceActionAdmission.RUN, ActionRun.class);
        List<ServiceDefinition> overlays = exchange.getProperty(ServiceActionPlanner.OVERLAYS_TO_VERIFY, List.class);
        if (overlays == null) {
            return;
        }
        for (ServiceDefinition overlay : overlays) {
            verify(run, overlay);
        }
    }

    private void verify(ActionRun run, ServiceDefinition overlay) throws InterruptedException {
        ServiceDefinition host = catalog.require(overlay.hostedBy());
        String endpoint = catalog.baseUrl(overlay).orElseThrow(() -> new ServiceActionFailure(
                "cannot verify " + overlay.name() + ": its Spark has no host configured")) + overlay.overlay().verifyPath();
        String hostHealth = catalog.baseUrl(host).orElseThrow() + host.healthPath();
        actions.step(run, "wait for " + overlay.overlay().verifyPath() + " to answer (up to " + ServicesProperties.readable(timeout) + ")");
        Instant deadline = Instant.now().plus(timeout);
        int readyWithout = 0;
        for (int poll = 1; Instant.now().isBefore(deadline); poll++) {
            Probe answer = probes.probe(endpoint).join();
            if (answer.routePresent()) {
                actions.line(run, overlay.overlay().verifyPath() + " answers (HTTP " + answer.status() + "): the overlay is loaded", "info");
                return;
            }
            Probe health = probes.probe(hostHealth).join();
            readyWithout = health.healthy() ? readyWithout + 1 : 0;
            if (readyWithout >= READY_WITHOUT_ENDPOINT) {
                throw new ServiceActionFailure(host.name() + " is up but " + overlay.overlay().verifyPath() + " is missing ("
                        + answer.detail() + "): the overlay was copied but did not load; see docker logs " + host.container());
            }
            if (poll % PROGRESS_EVERY == 0) {
                actions.line(run, "still waiting: " + host.name() + " " + health.detail() + ", "
                        + overlay.overlay().verifyPath() + " " + answer.detail(), "info");
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new ServiceActionFailure(overlay.overlay().verifyPath() + " did not answer within " + ServicesProperties.readable(timeout)
                + " after the restart; " + host.name() + " may still be loading: check again with GET /api/services");
    }
}

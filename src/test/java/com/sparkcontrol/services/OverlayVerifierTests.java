package com.sparkcontrol.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sparkcontrol.events.EventBus;
import com.sparkcontrol.services.ServiceActions.ActionRun;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check after reapply-patches, against a real HTTP server standing in for the Parakeet container:
 * its health path and the overlay's endpoint answer what each test sets.
 */
class OverlayVerifierTests {

    @TempDir
    Path dataDir;

    HttpServer server;
    /** What the stand-in answers: Parakeet's /v1/health/ready and the diarizer's /v1/audio/diarize-chunk. */
    final AtomicInteger healthStatus = new AtomicInteger(200);
    final AtomicInteger endpointStatus = new AtomicInteger(404);
    final AtomicInteger endpointCalls = new AtomicInteger();

    @BeforeEach
    void startStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/health/ready", x -> answer(x, healthStatus.get()));
        server.createContext("/v1/audio/diarize-chunk", x -> {
            endpointCalls.incrementAndGet();
            answer(x, endpointStatus.get());
        });
        server.start();
    }

    @AfterEach
    void stopStandIn() {
        server.stop(0);
    }

    static void answer(com.sun.net.httpserver.HttpExchange exchange, int status) throws IOException {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    /** Runs the verifier for the diarizer's overlay, as the reapply-patches route does after the restart. */
    void verify(String verifyTimeout) throws Exception {
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        Map<String, String> config = ServiceFixtures.cluster("spark-control.parakeet.url", url, "spark-control.diarizer.url", url,
                "spark-control.services.verify-timeout", verifyTimeout);
        ServiceCatalog catalog = ServiceFixtures.catalog(config, dataDir);
        ServicesProperties properties = ServiceFixtures.services(config);
        ServiceActions actions = new ServiceActions(new EventBus(), properties);
        ServiceDefinition diarizer = catalog.require("diarizer");
        ActionRun run = actions.begin(diarizer, ServiceAction.REAPPLY_PATCHES);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(ServiceActionAdmission.RUN, run);
        exchange.setProperty(ServiceActionPlanner.OVERLAYS_TO_VERIFY, List.of(diarizer));
        new OverlayVerifier(catalog, new ServiceProbes(properties), actions, properties).process(exchange);
    }

    @Test
    void anEndpointThatAnswersAnythingButNotFoundMeansTheOverlayLoaded() throws Exception {
        endpointStatus.set(405); // FastAPI's answer to a GET on a POST route

        verify("1m");

        assertThat(endpointCalls.get()).isEqualTo(1);
    }

    @Test
    void waitsWhileParakeetIsStillLoading() throws Exception {
        healthStatus.set(503);
        Thread loader = new Thread(() -> {
            while (endpointCalls.get() < 2) {
                Thread.onSpinWait();
            }
            endpointStatus.set(405);
            healthStatus.set(200);
        });
        loader.start();

        verify("1m");

        loader.join();
        assertThat(endpointCalls.get()).isGreaterThanOrEqualTo(2);
    }

    @Nested
    class Failures {

        @Test
        void parakeetUpButTheEndpointMissingFailsSayingTheOverlayDidNotLoad() {
            assertThatThrownBy(() -> verify("1m")).isInstanceOf(ServiceActionFailure.class)
                    .hasMessageContaining("parakeet is up but /v1/audio/diarize-chunk is missing (HTTP 404)")
                    .hasMessageContaining("did not load");
            assertThat(endpointCalls.get()).isEqualTo(OverlayVerifier.READY_WITHOUT_ENDPOINT);
        }

        @Test
        void parakeetNeverComingBackFailsAtTheDeadline() {
            healthStatus.set(503);

            assertThatThrownBy(() -> verify("3s")).isInstanceOf(ServiceActionFailure.class)
                    .hasMessageContaining("did not answer within 3 s after the restart");
        }
    }
}

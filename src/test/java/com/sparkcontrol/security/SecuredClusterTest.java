package com.sparkcontrol.security;

import com.sparkcontrol.support.BackgroundPollers;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sparkcontrol.SparkControlApplication;
import com.sparkcontrol.sim.SimulatedCluster;
import com.sparkcontrol.support.SimulatedSparks;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The ONE extra Spring context of the test suite, for the security tests only: the app with API keys required and
 * an admin password, against simulated Sparks of its own (own ports, own data directory, so it can live beside the
 * shared context of {@code SimulatedClusterTest}). The shared context stays password- and key-less for everyone else.
 *
 * <p>The NGC key comes from {@code application-test.properties} (both contexts); the HF token is set here only.
 *
 * <p>It starts without a password, as on a first run; the first test to run sets {@link #ADMIN_PASSWORD} through the
 * dashboard's one-step {@code POST /api/auth/password} and keeps what the server answered before and after, which
 * {@code FirstRunPasswordTests} checks. Every later test sees a protected server.
 */
@SpringBootTest(classes = SparkControlApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
abstract class SecuredClusterTest {

    /** Recognisable fakes: the secrets suite searches for them everywhere they must not be. */
    static final String ADMIN_PASSWORD = "FAKE-admin-pw-7c1e5b93";
    static final String API_KEY = "sk-FAKE-inference-key-3d8a61f0b2";
    /** Only here: the shared context runs without an HF token (its tests check what happens then). */
    static final String HF_TOKEN = "hf_FAKEtestTOKENd41c7a09e2";
    /** The redaction gateway's key for its upstream (here the local fake vLLM, which ignores it). */
    static final String REDACTION_UPSTREAM_KEY = "sk-FAKE-redaction-upstream-0e6b4c";

    private static final SimulatedSparks SPARKS = new SimulatedSparks("spark-control-secured-test");
    static final Path ROOT = SPARKS.root();

    /** The first run, as seen by whoever set the password: session before, answer of the set call, session after. */
    static JsonNode sessionBeforePassword;
    static HttpResponse<String> passwordSetAnswer;

    @DynamicPropertySource
    static void securedSparks(DynamicPropertyRegistry registry) {
        SPARKS.register(registry);
        registry.add("spark-control.api-keys", () -> API_KEY);
        registry.add("spark-control.hf-token", () -> HF_TOKEN);
        registry.add("spark-control.redaction.upstream-key", () -> REDACTION_UPSTREAM_KEY);
    }

    @Autowired
    protected SimulatedCluster cluster;

    @Autowired
    protected org.apache.camel.CamelContext camel;

    @LocalServerPort
    protected int port;

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Runs a request with the background pollers paused; returns its answer and the commands it caused. */
    <T> BackgroundPollers.Quiet<T> quietly(java.util.function.Supplier<T> request) {
        return BackgroundPollers.during(camel, cluster, request);
    }

    /** A new client with an empty cookie jar. */
    Caller caller() {
        return new Caller(baseUrl());
    }

    /** A client signed in as the admin. */
    Caller admin() {
        Caller admin = caller();
        assertThat(admin.signIn(ADMIN_PASSWORD).statusCode()).isEqualTo(200);
        return admin;
    }

    @BeforeEach
    void protectedServerWithQuietSparks() {
        firstRun(baseUrl());
        SimulatedSparks.heal(cluster);
        cluster.clearRecords();
    }

    private static synchronized void firstRun(String baseUrl) {
        if (passwordSetAnswer != null) {
            return;
        }
        Caller firstVisitor = new Caller(baseUrl);
        sessionBeforePassword = firstVisitor.session();
        passwordSetAnswer = firstVisitor.call("POST", "/api/auth/password", java.util.Map.of("password", ADMIN_PASSWORD));
    }
}

package com.sparkcontrol.support;

import com.sparkcontrol.SparkControlApplication;
import com.sparkcontrol.config.SparkNodes;
import com.sparkcontrol.embeddings.EmbeddingsPin;
import com.sparkcontrol.sim.SimProperties;
import com.sparkcontrol.sim.SimulatorSeed;
import com.sparkcontrol.sim.SimulatedCluster;
import com.sparkcontrol.sim.backends.FakeDiarizer;
import com.sparkcontrol.sim.backends.FakeEmbeddings;
import com.sparkcontrol.sim.backends.FakeKokoro;
import com.sparkcontrol.sim.backends.FakeParakeet;
import com.sparkcontrol.sim.backends.FakeVllm;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests: the whole app on a random port, wired as the demo profile wires it (two simulated
 * Sparks on loopback: real SSH servers, real bash, fake backends), but with the {@code test} profile instead of
 * {@code demo}: free ports and a temporary data directory ({@link SimulatedSparks}), and the timings (short loads and
 * downloads) and stand-in NGC key of {@code application-test.properties}. All subclasses share ONE Spring context: do
 * not add per-class properties, {@code @MockBean} or {@code @DirtiesContext} (the security tests'
 * {@code SecuredClusterTest} is the suite's only other context).
 */
@SpringBootTest(classes = SparkControlApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class SimulatedClusterTest {

    private static final SimulatedSparks SPARKS = new SimulatedSparks("spark-control-test");
    protected static final Path ROOT = SPARKS.root();

    @DynamicPropertySource
    static void simulatedSparks(DynamicPropertyRegistry registry) {
        SPARKS.register(registry);
    }

    @Autowired
    protected SimulatedCluster cluster;

    @Autowired
    protected SimProperties simProperties;

    @Autowired
    protected SparkNodes nodes;

    @Autowired
    protected FakeVllm vllm;

    @Autowired
    protected FakeParakeet parakeet;

    @Autowired
    protected FakeDiarizer diarizer;

    @Autowired
    protected FakeKokoro kokoro;

    @Autowired
    protected FakeEmbeddings embeddings;

    @Autowired
    protected EmbeddingsPin embeddingsPin;

    @LocalServerPort
    protected int port;

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Every test starts with healthy, reachable Sparks (launch-cluster.sh in place), default timings, empty command
     * records and no embeddings pin (so a test that changes the embedding model is not refused because an earlier
     * test pinned another).
     */
    @BeforeEach
    protected void resetSimulator() {
        SimulatedSparks.heal(cluster);
        cluster.setLoadTime(simProperties.loadTime());
        cluster.setDownloadTime(simProperties.downloadTime());
        vllm.reset();
        vllm.setTokenInterval(simProperties.tokenInterval());
        parakeet.reset();
        diarizer.reset();
        kokoro.reset();
        embeddings.reset();
        SimulatorSeed.restoreAudioServices(cluster, nodes);
        embeddingsPin.clear();
        cluster.clearRecords();
    }
}

package com.sparkcontrol.support;

import com.sparkcontrol.SparkControlApplication;
import com.sparkcontrol.config.SparkNodes;
import com.sparkcontrol.embeddings.EmbeddingsPin;
import com.sparkcontrol.sim.SimProperties;
import com.sparkcontrol.sim.SimulatorSeed;
import com.sparkcontrol.sim.SimulatedCluster;
import com.sparkcontrol.sim.SimulatedSpark;
import com.sparkcontrol.sim.backends.FakeDiarizer;
import com.sparkcontrol.sim.backends.FakeEmbeddings;
import com.sparkcontrol.sim.backends.FakeKokoro;
import com.sparkcontrol.sim.backends.FakeParakeet;
import com.sparkcontrol.sim.backends.FakeVllm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of every integration test: the whole app on a random port, wired to two simulated Sparks (real SSH
 * servers, real bash, fake backends) exactly as the demo profile is. All subclasses share ONE Spring context:
 * do not add per-class properties, {@code @MockBean} or {@code @DirtiesContext}.
 */
@SpringBootTest(classes = SparkControlApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class SimulatedClusterTest {

    protected static final Path ROOT = tempRoot();
    private static final int[] PORTS = freePorts(7);

    @DynamicPropertySource
    static void simulatedSparks(DynamicPropertyRegistry registry) {
        registry.add("spark-control.data-dir", () -> ROOT.resolve("data").toString());
        registry.add("spark-control.routes-dir", () -> ROOT.resolve("routes").toString());
        registry.add("spark-control.spark1.host", () -> "127.0.0.1");
        registry.add("spark-control.spark1.user", () -> "spark");
        registry.add("spark-control.spark1.ssh-port", () -> PORTS[0]);
        registry.add("spark-control.spark2.host", () -> "127.0.0.1");
        registry.add("spark-control.spark2.user", () -> "spark");
        registry.add("spark-control.spark2.ssh-port", () -> PORTS[1]);
        registry.add("spark-control.vllm.port", () -> PORTS[2]);
        registry.add("spark-control.parakeet.url", () -> "http://127.0.0.1:" + PORTS[3]);
        registry.add("spark-control.diarizer.url", () -> "http://127.0.0.1:" + PORTS[4]);
        registry.add("spark-control.kokoro.url", () -> "http://127.0.0.1:" + PORTS[5]);
        registry.add("spark-control.embeddings.url", () -> "http://127.0.0.1:" + PORTS[6]);
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
        for (SimulatedSpark spark : cluster.nodes()) {
            spark.unreachable(false);
            spark.hang(false);
            spark.refuseAuth(false);
            spark.dropConnectionsAfter(null);
            spark.launcherMissing(false);
        }
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

    private static Path tempRoot() {
        try {
            return Files.createTempDirectory("spark-control-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] freePorts(int count) {
        int[] ports = new int[count];
        ServerSocket[] held = new ServerSocket[count];
        try {
            for (int i = 0; i < count; i++) {
                held[i] = new ServerSocket(0);
                ports[i] = held[i].getLocalPort();
            }
            for (ServerSocket socket : held) {
                socket.close();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

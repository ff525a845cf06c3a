package com.sparkcontrol.support;

import com.sparkcontrol.sim.SimulatedCluster;
import com.sparkcontrol.sim.SimulatedSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The simulated Sparks of one test Spring context: a data directory and free ports of its own, the app's keys pointed
 * at them, and the reset that makes every Spark healthy again. Shared by the two contexts of the test suite
 * ({@link SimulatedClusterTest} and the security tests' secured one) so that they are wired and healed alike.
 */
public final class SimulatedSparks {

    private final Path root;
    private final int[] ports = freePorts(7);

    /** A fresh temporary root (its name starts with {@code prefix}) and seven free ports. */
    public SimulatedSparks(String prefix) {
        this.root = tempRoot(prefix);
    }

    /** Where this context keeps its {@code data} and {@code routes} directories. */
    public Path root() {
        return root;
    }

    /** Points the app at these Sparks and fake backends, as the demo profile does. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spark-control.data-dir", () -> root.resolve("data").toString());
        registry.add("spark-control.routes-dir", () -> root.resolve("routes").toString());
        registry.add("spark-control.spark1.host", () -> "127.0.0.1");
        registry.add("spark-control.spark1.user", () -> "spark");
        registry.add("spark-control.spark1.ssh-port", () -> ports[0]);
        registry.add("spark-control.spark2.host", () -> "127.0.0.1");
        registry.add("spark-control.spark2.user", () -> "spark");
        registry.add("spark-control.spark2.ssh-port", () -> ports[1]);
        registry.add("spark-control.vllm.port", () -> ports[2]);
        registry.add("spark-control.parakeet.url", () -> "http://127.0.0.1:" + ports[3]);
        registry.add("spark-control.diarizer.url", () -> "http://127.0.0.1:" + ports[4]);
        registry.add("spark-control.kokoro.url", () -> "http://127.0.0.1:" + ports[5]);
        registry.add("spark-control.embeddings.url", () -> "http://127.0.0.1:" + ports[6]);
    }

    /** Undoes every fault an earlier test may have left on the Sparks: reachable, answering, accepting our key. */
    public static void heal(SimulatedCluster cluster) {
        for (SimulatedSpark spark : cluster.nodes()) {
            spark.unreachable(false);
            spark.hang(false);
            spark.refuseAuth(false);
            spark.dropConnectionsAfter(null);
            spark.launcherMissing(false);
        }
    }

    private static Path tempRoot(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
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

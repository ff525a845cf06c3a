package com.sparkcontrol.sim;

import com.sparkcontrol.config.BackendUrls;
import com.sparkcontrol.config.BackendUrls.Backend;
import com.sparkcontrol.config.SparkControlProperties;
import com.sparkcontrol.config.SparkNodes;
import com.sparkcontrol.sim.backends.FakeDiarizer;
import com.sparkcontrol.sim.backends.FakeEmbeddings;
import com.sparkcontrol.sim.backends.FakeKokoro;
import com.sparkcontrol.sim.backends.FakeParakeet;
import com.sparkcontrol.sim.backends.FakeVllm;
import com.sparkcontrol.ssh.SshKeyStore;
import java.net.URI;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the simulated Sparks when {@code spark-control.sim.enabled=true} (the {@code demo} profile and the
 * tests). They listen exactly where the normal settings point, and the app's own SSH key is installed on them,
 * so every other bean talks to them as it would to hardware.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "spark-control.sim.enabled", havingValue = "true")
class SimulatorConfiguration {




    @Bean(destroyMethod = "close")
    FakeVllm fakeVllm(SparkControlProperties properties, SimProperties sim) {
        FakeVllm vllm = new FakeVllm(properties.vllm().port());
        vllm.setTokenInterval(sim.tokenInterval());
        return vllm;
    }

    @Bean(destroyMethod = "close")
    FakeParakeet fakeParakeet(BackendUrls urls) {
        return new FakeParakeet(portOf(urls, Backend.STT));
    }

    @Bean(destroyMethod = "close")
    FakeDiarizer fakeDiarizer(BackendUrls urls) {
        FakeDiarizer diarizer = new FakeDiarizer(portOf(urls, Backend.DIARIZATION));
        return diarizer;
    }

    @Bean(destroyMethod = "close")
    FakeKokoro fakeKokoro(BackendUrls urls) {
        return new FakeKokoro(portOf(urls, Backend.TTS));
    }

    @Bean(destroyMethod = "close")
    FakeEmbeddings fakeEmbeddings(BackendUrls urls) {
        return new FakeEmbeddings(portOf(urls, Backend.EMBEDDINGS));
    }

    @Bean(destroyMethod = "close")
    SimulatedCluster simulatedCluster(SparkControlProperties properties, SimProperties sim, SparkNodes nodes, SshKeyStore keys,
            FakeVllm vllm, FakeParakeet parakeet, FakeDiarizer diarizer, FakeKokoro kokoro, FakeEmbeddings embeddings) {
        // absolute: the simulated HOME must be, or every "~/..." on a simulated Spark breaks
        Path root = (sim.rootDir() != null ? sim.rootDir() : properties.dataDir().resolve("sim")).toAbsolutePath().normalize();
        SimulatedCluster.Builder builder = SimulatedCluster.builder()
                .nodes(nodes.head().id(), nodes.audio().id())
                .rootDir(root)
                .user(nodes.head().user())
                .sshPort(nodes.head().id(), nodes.head().sshPort())
                .sshPort(nodes.audio().id(), nodes.audio().sshPort())
                .loadTime(sim.loadTime())
                .downloadTime(sim.downloadTime())
                .vllm(vllm)
                .backend("parakeet-asr", nodes.audio().id(), new ContainerBackends(parakeet, diarizer))
                .backend("kokoro-tts", nodes.audio().id(), kokoro)
                .backend("embeddings", nodes.audio().id(), embeddings);
        SimulatedCluster cluster = builder.build();
        String audio = nodes.audio().id();
        diarizer.setEndpointInstalled(() -> cluster.node(audio).container("parakeet-asr")
                .flatMap(c -> c.file(SimulatorSeed.DIARIZER_OVERLAY + "/spark_diarizer.py")).isPresent());
        cluster.installKey(keys.publicKeyLine());
        SimulatorSeed.apply(cluster, nodes);
        return cluster;
    }

    private static int portOf(BackendUrls urls, Backend backend) {
        return URI.create(urls.of(backend).orElseThrow(() -> new IllegalStateException(
                "the simulator needs a URL or host for " + backend.key()))).getPort();
    }
}

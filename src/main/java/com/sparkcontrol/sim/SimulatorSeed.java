package com.sparkcontrol.sim;

import com.sparkcontrol.config.SparkNodes;
import java.nio.charset.StandardCharsets;

/**
 * What a freshly started demo cluster looks like: a few catalog models already downloaded, Parakeet (with the
 * diarization overlay) and the embeddings service running on the audio Spark, Kokoro not installed yet and no
 * LLM loaded — so a newcomer sees every action (switch, download, install) do real work.
 */
public final class SimulatorSeed {

    static final String PARAKEET_IMAGE = "nvcr.io/nim/nvidia/parakeet-0-6b-ctc-en-us:latest";
    static final String EMBEDDINGS_IMAGE = "ghcr.io/huggingface/text-embeddings-inference:cuda-1.9";
    static final String DIARIZER_OVERLAY = "/opt/spark-control-diarizer";

    private SimulatorSeed() {}

    /** The launcher mods the bundled catalog uses; upstream ships them in the checkout's {@code mods/}. */
    private static final String[] MODS = {"fix-qwen3.6-chat-template", "fix-gemma4-tool-parser", "fix-nemotron-nano",
        "fix-glm-4.7-flash-AWQ", "fix-qwen3.5-chat-template"};

    static void apply(SimulatedCluster cluster, SparkNodes nodes) {
        String head = nodes.head().id();
        String audio = nodes.audio().id();
        seedMods(cluster.node(head).repoDir());
        if (!cluster.node(head).cachedModels().isEmpty() || !cluster.node(audio).containers().isEmpty()) {
            return; // a demo data dir that was used before keeps its state
        }
        cluster.seedModel(head, "Qwen/Qwen3.6-35B-A3B-FP8");
        cluster.seedModel(head, "openai/gpt-oss-120b");
        cluster.node(head).seedImage("vllm-node-mxfp4"); // gpt-oss runs on the mxfp4 build (build-and-copy.sh --exp-mxfp4)
        cluster.seedModel(head, "cyankiwi/GLM-4.7-Flash-AWQ-4bit");
        cluster.seedModel(audio, "cyankiwi/GLM-4.7-Flash-AWQ-4bit");
        cluster.seedModel(head, "Qwen/Qwen3.5-122B-A10B-FP8");
        cluster.seedModel(audio, "Qwen/Qwen3.5-122B-A10B-FP8");
        restoreAudioServices(cluster, nodes);
    }

    /**
     * Parakeet (with the diarization overlay) and embeddings running on the audio Spark, whatever earlier
     * actions did to them: the tests' baseline, since they share one simulated cluster.
     */
    public static void restoreAudioServices(SimulatedCluster cluster, SparkNodes nodes) {
        SimulatedSpark audio = cluster.node(nodes.audio().id());
        SimContainer parakeet = running(audio, "parakeet-asr", PARAKEET_IMAGE);
        for (String file : new String[] {"sitecustomize.py", "spark_diarizer.py"}) {
            if (parakeet.file(DIARIZER_OVERLAY + "/" + file).isEmpty()) {
                parakeet.putFile(DIARIZER_OVERLAY + "/" + file, "# spark-control diarizer overlay\n".getBytes(StandardCharsets.UTF_8));
            }
        }
        running(audio, "embeddings", EMBEDDINGS_IMAGE);
    }

    private static void seedMods(java.nio.file.Path repo) {
        try {
            for (String mod : MODS) {
                java.nio.file.Path run = java.nio.file.Files.createDirectories(repo.resolve("mods").resolve(mod)).resolve("run.sh");
                if (!java.nio.file.Files.exists(run)) {
                    java.nio.file.Files.writeString(run, "#!/bin/bash\n# patched at container start by launch-cluster.sh --apply-mod\nexit 0\n");
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static SimContainer running(SimulatedSpark spark, String name, String image) {
        SimContainer container = spark.container(name).filter(c -> !c.isRemoved()).orElse(null);
        if (container == null) {
            return spark.seedContainer(name, image, true);
        }
        if (!container.isRunning()) {
            spark.docker().start(container);
        }
        return container;
    }
}

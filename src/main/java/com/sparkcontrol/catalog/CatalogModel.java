package com.sparkcontrol.catalog;

import java.time.Duration;
import java.util.List;

/**
 * One model Spark Control can load: the bundled entry with the operator's overrides applied. Everything in it
 * has been validated, so the swap flow may put it on a command line (through {@code RemoteCommand}'s quoting).
 *
 * @param context     vLLM's {@code --max-model-len}
 * @param image       the launcher's {@code -t} image (built by {@code build-and-copy.sh})
 * @param flags       further {@code vllm serve} flags, one word per element
 * @param env         container environment as {@code NAME=value} ({@code launch-cluster.sh -e})
 * @param mods        {@code mods/<dir>} applied by the launcher when it creates the containers
 * @param loadTimeout how long loading may take before the swap fails; null means the default
 * @param sizeGb      approximate weight size, for the download's disk-space check; null when unknown
 */
public record CatalogModel(String id, String name, String repo, ModelMode mode, int context, String image,
        List<String> flags, List<String> env, List<String> mods, String notes, Duration loadTimeout, Double sizeGb,
        boolean bundled, boolean overridden) {

    public CatalogModel {
        flags = List.copyOf(flags);
        env = List.copyOf(env);
        mods = List.copyOf(mods);
    }

    /** The id {@code /v1/models} lists while this model is served: {@code --served-model-name}, else the repo. */
    public String servedName() {
        for (int i = 0; i < flags.size(); i++) {
            String word = flags.get(i);
            if (word.startsWith("--served-model-name=")) {
                return word.substring(word.indexOf('=') + 1);
            }
            if (word.equals("--served-model-name") && i + 1 < flags.size()) {
                return flags.get(i + 1);
            }
        }
        return repo;
    }
}

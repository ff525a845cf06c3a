package com.sparkcontrol.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.sparkcontrol.catalog.CatalogModel;
import com.sparkcontrol.catalog.ModelMode;
import com.sparkcontrol.config.SparkControlProperties;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class LauncherCommandsTests {

    final LauncherCommands commands = new LauncherCommands(new Binder(new MapConfigurationPropertySource(Map.of(
            "spark-control.vllm.port", "8000"))).bindOrCreate("spark-control", SparkControlProperties.class));

    static CatalogModel model(ModelMode mode, List<String> flags) {
        return new CatalogModel("m", "M", "Org/Model", mode, 65536, "vllm-node", flags, List.of("A=1"), List.of("mods/fix-x"), "", null, null, true, false);
    }

    @Test
    void soloLaunchIsDetachedWithAnActionAndClosedStdin() {
        String line = commands.launch(model(ModelMode.SOLO, List.of("--kv-cache-dtype", "fp8"))).line();
        assertThat(line).isEqualTo("cd ~/spark-vllm-docker && ./launch-cluster.sh --solo -t vllm-node -e A=1 --apply-mod mods/fix-x"
                + " -d exec vllm serve Org/Model --host 0.0.0.0 --port 8000 --max-model-len 65536 --kv-cache-dtype fp8 < /dev/null");
    }

    @Test
    void clusterLaunchAndStopHaveNoSoloFlag() {
        assertThat(commands.launch(model(ModelMode.CLUSTER, List.of())).line()).doesNotContain("--solo").contains(" -d exec vllm serve ");
        assertThat(commands.stop(false).line()).endsWith("./launch-cluster.sh stop < /dev/null").doesNotContain("--solo");
        assertThat(commands.stop(true).line()).endsWith("./launch-cluster.sh --solo stop < /dev/null");
    }

    @Test
    void hostileLookingWordsAreQuoted() {
        CatalogModel odd = new CatalogModel("m", "M", "Org/Model", ModelMode.SOLO, 4096, "vllm-node",
                List.of("--chat-template-kwargs", "{\"a\":1}"), List.of(), List.of(), "", null, null, true, false);
        assertThat(commands.launch(odd).line()).contains("--chat-template-kwargs '{\"a\":1}'");
    }

    @Test
    void downloadReadsTheTokenFromStdinAndPutsTheModelFirst() {
        String line = commands.download("Org/Model", true).line();
        assertThat(line).startsWith("IFS= read -r HF_TOKEN;");
        assertThat(line).endsWith("fi; cd ~/spark-vllm-docker && ./hf-download.sh Org/Model -c --copy-parallel < /dev/null 2>&1");
        assertThat(line).doesNotContain("hf_");
    }
}

package com.sparkcontrol.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.config.DataDirectory;
import com.sparkcontrol.config.SparkControlProperties;
import com.sparkcontrol.ssh.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ModelCatalogTests {

    @TempDir
    Path dataDir;

    ModelCatalog catalog;
    final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void setUp() {
        catalog = new ModelCatalog(dataDirectory(dataDir));
    }

    static DataDirectory dataDirectory(Path dir) {
        SparkControlProperties properties = new Binder(new MapConfigurationPropertySource(Map.of("spark-control.data-dir", dir.toString())))
                .bindOrCreate("spark-control", SparkControlProperties.class);
        return new DataDirectory(properties);
    }

    ModelFields fields(String body) throws Exception {
        return catalog.fieldsFrom(json.readTree(body));
    }

    @Test
    void bundledCatalogHasRealSoloAndClusterModels() {
        List<CatalogModel> models = catalog.all();
        assertThat(models).hasSizeGreaterThanOrEqualTo(8);
        assertThat(models).extracting(CatalogModel::mode).contains(ModelMode.SOLO, ModelMode.CLUSTER);
        CatalogModel qwen = catalog.require("qwen3.6-35b-a3b-fp8");
        assertThat(qwen.repo()).isEqualTo("Qwen/Qwen3.6-35B-A3B-FP8");
        assertThat(qwen.mode()).isEqualTo(ModelMode.SOLO);
        assertThat(qwen.context()).isEqualTo(65536);
        assertThat(qwen.env()).contains("VLLM_MARLIN_USE_ATOMIC_ADD=1");
        assertThat(catalog.require("gpt-oss-120b").image()).isEqualTo("vllm-node-mxfp4");
        assertThat(catalog.require("qwen3.5-122b-fp8").loadTimeout()).hasMinutes(45);
        assertThat(models).filteredOn(m -> m.repo().startsWith("google/gemma-4")).isNotEmpty();
        for (String cluster : List.of("glm-4.7-flash-awq", "qwen3.5-122b-fp8", "minimax-m2-awq")) {
            assertThat(catalog.require(cluster).mode()).as(cluster).isEqualTo(ModelMode.CLUSTER);
        }
        assertThat(models).allSatisfy(m -> {
            assertThat(m.bundled()).isTrue();
            assertThat(m.overridden()).isFalse();
        });
    }

    @Test
    void servedNameComesFromTheFlagsElseTheRepo() {
        assertThat(catalog.require("glm-4.7-flash-awq").servedName()).isEqualTo("glm-4.7-flash");
        assertThat(catalog.require("gpt-oss-120b").servedName()).isEqualTo("openai/gpt-oss-120b");
        assertThat(catalog.byServedName("glm-4.7-flash")).map(CatalogModel::id).contains("glm-4.7-flash-awq");
        assertThat(catalog.byServedName("Qwen/Qwen3.5-122B-A10B-FP8")).map(CatalogModel::id).contains("qwen3.5-122b-fp8");
    }

    @Test
    void overrideChangesOnlyTheFieldsItSetsAndIsPersisted() throws Exception {
        CatalogModel changed = catalog.putOverride("qwen3.6-35b-a3b-fp8", fields("""
                {"context": 32768, "flags": ["--gpu-memory-utilization", "0.75"]}"""));
        assertThat(changed.context()).isEqualTo(32768);
        assertThat(changed.flags()).containsExactly("--gpu-memory-utilization", "0.75");
        assertThat(changed.repo()).isEqualTo("Qwen/Qwen3.6-35B-A3B-FP8");
        assertThat(changed.overridden()).isTrue();

        String file = Files.readString(dataDir.resolve("models-overrides.yaml"));
        assertThat(file).contains("qwen3.6-35b-a3b-fp8").contains("32768").doesNotContain("repo");

        ModelCatalog reread = new ModelCatalog(dataDirectory(dataDir));
        assertThat(reread.require("qwen3.6-35b-a3b-fp8").context()).isEqualTo(32768);
    }

    @Test
    void loadTimeoutIsADurationOrWholeMinutes() throws Exception {
        assertThat(catalog.putOverride("gpt-oss-120b", fields("{\"loadTimeoutMinutes\": 40}")).loadTimeout()).hasMinutes(40);
        assertThat(catalog.putOverride("gpt-oss-120b", fields("{\"loadTimeout\": \"90s\"}")).loadTimeout()).hasSeconds(90);
    }

    @Test
    void emptyOverrideOrDeleteRestoresTheBundledModel() throws Exception {
        catalog.putOverride("gpt-oss-120b", fields("{\"context\": 4096}"));
        catalog.putOverride("gpt-oss-120b", fields("{}"));
        assertThat(catalog.require("gpt-oss-120b").overridden()).isFalse();
        catalog.putOverride("gpt-oss-120b", fields("{\"context\": 4096}"));
        catalog.removeOverride("gpt-oss-120b");
        assertThat(catalog.require("gpt-oss-120b").context()).isEqualTo(131072);
    }

    @Test
    void operatorCanAddAModel() throws Exception {
        CatalogModel added = catalog.putOverride("my-model", fields("""
                {"repo": "Org/My-Model", "mode": "cluster", "context": 8192, "name": "Mine"}"""));
        assertThat(added.bundled()).isFalse();
        assertThat(added.image()).isEqualTo("vllm-node");
        assertThat(catalog.all()).last().extracting(CatalogModel::id).isEqualTo("my-model");
        catalog.removeOverride("my-model");
        assertThat(catalog.find("my-model")).isEmpty();
    }

    @Test
    void handEditsOfTheFileApplyWithoutARestart() throws Exception {
        Path file = dataDir.resolve("models-overrides.yaml");
        Files.writeString(file, "models:\n  minimax-m2-awq:\n    context: 65536\n");
        assertThat(catalog.require("minimax-m2-awq").context()).isEqualTo(65536);
        Files.writeString(file, "models:\n  minimax-m2-awq:\n    context: 100000\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(catalog.require("minimax-m2-awq").context()).isEqualTo(100000);
    }

    @Nested
    class Refused {

        @Test
        void unknownIdIsNotFoundAndHostileIdIsInvalid() throws Exception {
            assertThatThrownBy(() -> catalog.require("no-such-model")).isInstanceOf(NoSuchElementException.class);
            assertThatThrownBy(() -> catalog.require("x; rm -rf ~")).isInstanceOf(InvalidArgumentException.class);
            assertThatThrownBy(() -> catalog.putOverride("no-such-model", fields("{\"context\": 4096}")))
                    .isInstanceOf(NoSuchElementException.class);
        }

        @Test
        void valuesThatCouldReachTheShellOrMakeNoSenseAreRefusedAndNothingIsWritten() {
            List<String> bodies = List.of(
                    "{\"context\": 512}",
                    "{\"context\": 20000000}",
                    "{\"flags\": [\"--foo\", \"$(reboot)\"]}",
                    "{\"flags\": [\"--port\", \"9000\"]}",
                    "{\"flags\": [\"--max-model-len\", \"4096\"]}",
                    "{\"flags\": [\"; rm -rf /\"]}",
                    "{\"env\": [\"A=b c\"]}",
                    "{\"env\": [\"HF_TOKEN=hf_abc\"]}",
                    "{\"repo\": \"../etc/passwd\"}",
                    "{\"mode\": \"both\"}",
                    "{\"mods\": [\"../../evil\"]}",
                    "{\"image\": \"Bad Image\"}",
                    "{\"contxt\": 4096}",
                    "{\"context\": \"lots\"}",
                    "{\"loadTimeout\": \"1s\"}",
                    "{\"loadTimeout\": \"forever\"}",
                    "{\"loadTimeoutMinutes\": 0}",
                    "{\"loadTimeout\": \"5m\", \"loadTimeoutMinutes\": 5}");
            for (String body : bodies) {
                assertThatThrownBy(() -> catalog.putOverride("qwen3.6-35b-a3b-fp8", fields(body)))
                        .as(body).isInstanceOf(InvalidArgumentException.class);
            }
            assertThat(dataDir.resolve("models-overrides.yaml")).doesNotExist();
        }

        @Test
        void corruptFileIsSetAsideAndTheBundledValuesServe() throws Exception {
            Files.writeString(dataDir.resolve("models-overrides.yaml"), "models: [unclosed\n  : :", StandardCharsets.UTF_8);
            assertThat(catalog.require("qwen3.6-35b-a3b-fp8").context()).isEqualTo(65536);
            assertThat(dataDir.resolve("models-overrides.yaml")).doesNotExist();
            try (var files = Files.list(dataDir)) {
                assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("models-overrides.yaml.corrupt-"));
            }
        }

        @Test
        void invalidEntryInTheFileIsIgnoredAndReportedWhileOthersApply() throws Exception {
            Files.writeString(dataDir.resolve("models-overrides.yaml"),
                    "models:\n  gpt-oss-120b:\n    context: 5\n  minimax-m2-awq:\n    context: 65536\n");
            assertThat(catalog.require("gpt-oss-120b").context()).isEqualTo(131072);
            assertThat(catalog.overrideProblem("gpt-oss-120b")).get().asString().contains("context");
            assertThat(catalog.require("minimax-m2-awq").context()).isEqualTo(65536);
        }
    }
}

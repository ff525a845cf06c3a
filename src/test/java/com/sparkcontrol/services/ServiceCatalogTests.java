package com.sparkcontrol.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sparkcontrol.config.InvalidConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceCatalogTests {

    @TempDir
    Path dataDir;

    ServiceCatalog catalog(String... keyValues) {
        return ServiceFixtures.catalog(ServiceFixtures.cluster(keyValues), dataDir);
    }

    void overrides(String yaml) throws IOException {
        Path file = dataDir.resolve(ServiceCatalog.OVERRIDES_FILE);
        Files.writeString(file, yaml);
        // the poll compares modification time and size; make every write count even within one clock tick
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(stamp++)));
    }

    int stamp = 1;

    static final String RERANKER = """
            services:
              reranker:
                description: BGE reranker on TEI
                spark: spark2
                image: ghcr.io/huggingface/text-embeddings-inference:cuda-1.9
                ports: ["8090:80"]
                args: ["--model-id", "BAAI/bge-reranker-v2-m3"]
                env:
                  HF_TOKEN: ${hf-token}
                gpu: true
                health: /health
                prefix: /v1/rerank
            """;

    @Test
    void builtInsAreParakeetDiarizerKokoroAndEmbeddingsOnTheAudioSpark() {
        ServiceCatalog catalog = catalog();

        assertThat(catalog.builtIns()).extracting(ServiceDefinition::name).containsExactly("parakeet", "diarizer", "kokoro", "embeddings");
        assertThat(catalog.builtIns()).extracting(ServiceDefinition::node).containsOnly("spark2");
        assertThat(catalog.builtIns()).extracting(ServiceDefinition::container)
                .containsExactly("parakeet-asr", "parakeet-asr", "kokoro-tts", "embeddings");
        assertThat(catalog.actionsOf(catalog.require("parakeet"))).contains(ServiceAction.REAPPLY_PATCHES);
        assertThat(catalog.actionsOf(catalog.require("kokoro"))).doesNotContain(ServiceAction.REAPPLY_PATCHES);
        assertThat(catalog.baseUrl(catalog.require("kokoro"))).contains("http://10.0.0.2:8880");
        assertThat(catalog.baseUrl(catalog.require("embeddings"))).contains("http://10.0.0.2:8080");
    }

    @Test
    void configuredUrlsWinForBuiltIns() {
        ServiceCatalog catalog = catalog("spark-control.diarizer.url", "http://127.0.0.1:19001/");

        assertThat(catalog.baseUrl(catalog.require("diarizer"))).contains("http://127.0.0.1:19001");
    }

    @Test
    void customServiceLoadsWithDefaultsAndItsPrefixIsOfferedToTheGateway() throws IOException {
        overrides(RERANKER);

        ServiceCatalog catalog = catalog();

        ServiceDefinition reranker = catalog.require("reranker");
        assertThat(catalog.problems()).isEmpty();
        assertThat(reranker.builtIn()).isFalse();
        assertThat(reranker.container()).isEqualTo("reranker");
        assertThat(reranker.restartPolicy()).isEqualTo("unless-stopped");
        assertThat(reranker.env()).singleElement().satisfies(e -> assertThat(e.secret()).isTrue());
        assertThat(catalog.customPrefixes()).containsExactly(java.util.Map.entry("/v1/rerank", "http://10.0.0.2:8090/v1/rerank"));
    }

    @Test
    void customPrefixUnderCustomIsStrippedUnlessAnUpstreamPathIsGiven() throws IOException {
        overrides("""
                services:
                  ocr:
                    image: example/ocr:1
                    ports: ["8091:8000"]
                    prefix: /custom/ocr
                  whisper:
                    image: example/whisper:1
                    ports: ["8092:8000"]
                    prefix: /custom/whisper
                    upstream-path: /v1
                """);

        assertThat(catalog().customPrefixes()).containsExactly(
                java.util.Map.entry("/custom/ocr", "http://10.0.0.2:8091"),
                java.util.Map.entry("/custom/whisper", "http://10.0.0.2:8092/v1"));
    }

    @Test
    void editsAreReloadedWithoutARestart() throws IOException {
        ServiceCatalog catalog = catalog();
        assertThat(catalog.customs()).isEmpty();
        assertThat(catalog.reloadIfChanged()).isFalse();

        overrides(RERANKER);
        assertThat(catalog.reloadIfChanged()).isTrue();
        assertThat(catalog.find("reranker")).isPresent();

        Files.delete(dataDir.resolve(ServiceCatalog.OVERRIDES_FILE));
        assertThat(catalog.reloadIfChanged()).isTrue();
        assertThat(catalog.find("reranker")).isEmpty();
    }

    @Test
    void unknownServiceIsNotFoundNamingTheKnownOnes() {
        assertThatThrownBy(() -> catalog().require("whisper")).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("parakeet").hasMessageContaining("kokoro");
    }

    @Test
    void badEmbeddingsModelStopsStartUpNamingTheKey() {
        assertThatThrownBy(() -> catalog("spark-control.services.embeddings-model", "bge; rm -rf ~"))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("spark-control.services.embeddings-model");
    }

    @Nested
    class StrictValidation {

        List<DefinitionProblem> problemsOf(String entryYaml) throws IOException {
            overrides("services:\n" + entryYaml.indent(2));
            return catalog().problems();
        }

        @Test
        void aBadEntryIsReportedWithEntryAndFieldWhileGoodOnesStillLoad() throws IOException {
            overrides(RERANKER + """
                      broken:
                        image: Not An Image
                        ports: ["80:80", "99999:1"]
                        restart: sometimes
                        colour: blue
                    """);

            ServiceCatalog catalog = catalog();

            assertThat(catalog.find("reranker")).isPresent();
            assertThat(catalog.find("broken")).isEmpty();
            assertThat(catalog.problems()).extracting(DefinitionProblem::entry).containsOnly("broken");
            assertThat(catalog.problems()).extracting(DefinitionProblem::field).containsExactlyInAnyOrder(
                    "services.broken.colour", "services.broken.image", "services.broken.ports[0]", "services.broken.ports[1]",
                    "services.broken.restart");
        }

        @Test
        void inlineSecretsAreRefusedAndReferencesSuggested() throws IOException {
            assertThat(problemsOf("""
                    x:
                      image: example/x:1
                      ports: ["8095:80"]
                      env:
                        API_KEY: abc123
                        OTHER: nvapi-0123456789abcdef
                    """)).extracting(DefinitionProblem::field, p -> p.message().contains("${env:"))
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("services.x.env.API_KEY", true),
                            org.assertj.core.groups.Tuple.tuple("services.x.env.OTHER", true));
        }

        @Test
        void unknownSecretReferenceIsRefused() throws IOException {
            assertThat(problemsOf("""
                    x:
                      image: example/x:1
                      ports: ["8095:80"]
                      env:
                        TOKEN: ${openai-key}
                    """)).singleElement().satisfies(p -> assertThat(p.message()).contains("unknown secret reference ${openai-key}"));
        }

        @Test
        void prefixMayNotCollideWithBuiltInPaths() throws IOException {
            assertThat(problemsOf("""
                    x:
                      image: example/x:1
                      ports: ["8095:80"]
                      prefix: /v1/audio/clone
                    """)).singleElement().satisfies(p -> {
                assertThat(p.field()).isEqualTo("services.x.prefix");
                assertThat(p.message()).contains("/v1/audio");
            });
        }

        @Test
        void prefixMustStartWithV1OrCustom() throws IOException {
            assertThat(problemsOf("""
                    x:
                      image: example/x:1
                      ports: ["8095:80"]
                      prefix: /api/x
                    """)).extracting(DefinitionProblem::field).containsExactly("services.x.prefix");
        }

        @Test
        void portsAndContainersOfBuiltInsAreTaken() throws IOException {
            assertThat(problemsOf("""
                    x:
                      container: kokoro-tts
                      image: example/x:1
                      ports: ["9000:80"]
                    """)).extracting(DefinitionProblem::message).anySatisfy(m -> assertThat(m).contains("already used by parakeet"))
                    .anySatisfy(m -> assertThat(m).contains("already belongs to kokoro"));
        }

        @Test
        void builtInNamesAndBuiltInOnlyFieldsAreRefused() throws IOException {
            assertThat(problemsOf("""
                    kokoro:
                      image: example/x:1
                      ports: ["8095:80"]
                    y:
                      image: example/y:1
                      ports: ["8096:80"]
                      docker-options: ["--privileged=true"]
                    """)).extracting(DefinitionProblem::message)
                    .anySatisfy(m -> assertThat(m).contains("built-in service"))
                    .anySatisfy(m -> assertThat(m).contains("only built-in services"));
        }

        @Test
        void mountingTheDockerSocketIsRefused() throws IOException {
            assertThat(problemsOf("""
                    x:
                      image: example/x:1
                      ports: ["8095:80"]
                      volumes: ["/var/run/docker.sock:/var/run/docker.sock"]
                    """)).extracting(DefinitionProblem::field).containsExactly("services.x.volumes[0]");
        }

        @Test
        void unknownSparkIsNamed() throws IOException {
            assertThat(problemsOf("""
                    x:
                      spark: spark7
                      image: example/x:1
                      ports: ["8095:80"]
                    """)).singleElement().satisfies(p -> assertThat(p.message()).contains("no Spark named spark7"));
        }

        @Test
        void hostileServiceNameIsRefused() throws IOException {
            assertThat(problemsOf("""
                    "x; rm -rf ~":
                      image: example/x:1
                      ports: ["8095:80"]
                    """)).singleElement().satisfies(p -> assertThat(p.field()).isEqualTo("services.x; rm -rf ~"));
        }
    }

    @Nested
    class CorruptFile {

        @Test
        void unreadableYamlIsSetAsideAndReportedUntilANewFileIsSaved() throws IOException {
            overrides("services:\n  x: [unclosed\n");

            ServiceCatalog catalog = catalog();

            assertThat(catalog.customs()).isEmpty();
            assertThat(catalog.problems()).singleElement().satisfies(p -> {
                assertThat(p.entry()).isEqualTo(DefinitionProblem.FILE);
                assertThat(p.message()).contains("not valid YAML").contains("moved aside as services-overrides.yaml.corrupt-");
            });
            try (Stream<Path> files = Files.list(dataDir)) {
                assertThat(files.map(f -> f.getFileName().toString())).anyMatch(n -> n.startsWith("services-overrides.yaml.corrupt-"));
            }
            assertThat(catalog.reloadIfChanged()).isFalse();
            assertThat(catalog.problems()).hasSize(1);

            overrides(RERANKER);
            assertThat(catalog.reloadIfChanged()).isTrue();
            assertThat(catalog.problems()).isEmpty();
            assertThat(catalog.find("reranker")).isPresent();
        }

        @Test
        void duplicateKeysAreAnErrorNotASilentOverride() throws IOException {
            overrides(RERANKER + RERANKER.substring("services:\n".length()));

            assertThat(catalog().problems()).singleElement().satisfies(p -> assertThat(p.message()).contains("Duplicate"));
        }
    }
}

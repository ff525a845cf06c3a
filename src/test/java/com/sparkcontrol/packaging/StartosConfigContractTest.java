package com.sparkcontrol.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.sparkcontrol.config.ConfigYamlImport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The Java half of the StartOS config contract. {@code startos/test/contract.ts} (run by {@code ./mvnw verify})
 * proves that the Configure Sparks and Set Admin Password actions write exactly
 * {@code src/test/resources/startos/config-sample.yaml}; this test proves the app can read that file: every key
 * is a {@code spark-control.*} property, every value has the type the property needs, and both YAML readers the
 * app may use (Jackson and Spring's loader, SnakeYAML underneath) read the same thing.
 */
class StartosConfigContractTest {

    private static final String SAMPLE = "startos/config-sample.yaml";
    /** A hand-edited file after the install seed, Configure Sparks and Manage API Keys (contract.ts). */
    private static final String KEPT = "startos/config-kept-sample.yaml";

    /** API.md's configuration table, without the {@code spark-control.} prefix. Lists are leaves. */
    private static final Set<String> APP_KEYS = Set.of(
            "data-dir",
            "spark1.host", "spark1.user", "spark1.ssh-port",
            "spark2.host", "spark2.user", "spark2.ssh-port",
            "nodes",
            "vllm.port", "vllm.repo-dir",
            "parakeet.url", "kokoro.url", "embeddings.url", "diarizer.url",
            "open-webui.url",
            "ngc-api-key", "hf-token",
            "routes-dir",
            "admin-password",
            "api-keys",
            "gateway.during-swap",
            "redaction.upstream-url", "redaction.upstream-key");

    /** What the actions own (startos/startos/fileModels/config.yaml.ts): all of it is written, every time. */
    private static final Set<String> ACTION_KEYS = Set.of(
            "spark1.host", "spark1.user", "spark1.ssh-port",
            "spark2.host", "spark2.user", "spark2.ssh-port",
            "parakeet.url", "kokoro.url", "embeddings.url", "open-webui.url",
            "ngc-api-key", "hf-token", "admin-password", "api-keys");

    private static final Set<String> NUMBER_KEYS = Set.of("spark1.ssh-port", "spark2.ssh-port");

    // Spring Security's BCryptPasswordEncoder takes $2a, $2b and $2y at any cost; DelegatingPasswordEncoder
    // picks it by the {bcrypt} prefix.
    private static final Pattern BCRYPT = Pattern.compile("\\{bcrypt}\\$2[aby]\\$\\d{2}\\$[./A-Za-z0-9]{53}");

    private final ObjectMapper yaml = new YAMLMapper();

    @Test
    void everyKeyIsOneTheAppKnows() throws IOException {
        assertThat(leaves(sample()).keySet()).isSubsetOf(APP_KEYS);
    }

    @Test
    void theActionsWriteEveryKeyTheyOwnAndNothingElse() throws IOException {
        assertThat(leaves(sample()).keySet()).containsExactlyInAnyOrderElementsOf(ACTION_KEYS);
    }

    @Test
    void portsAreNumbersAndEverythingElseIsText() throws IOException {
        leaves(sample()).forEach((key, value) -> {
            if (NUMBER_KEYS.contains(key)) {
                assertThat(value.isInt()).as(key + " is an integer").isTrue();
            } else if (value.isArray()) {
                assertThat(value).as(key + " is a list of text").isNotEmpty().allMatch(JsonNode::isTextual);
            } else {
                assertThat(value.isTextual()).as(key + " is text").isTrue();
            }
        });
    }

    @Test
    void roundTripsThroughJacksonYamlUnchanged() throws IOException {
        JsonNode first = sample();
        JsonNode second = yaml.readTree(yaml.writeValueAsString(first));
        assertThat(second).isEqualTo(first);
        Map<?, ?> asMap = yaml.readValue(sampleText(), Map.class);
        assertThat(yaml.readValue(yaml.writeValueAsString(asMap), Map.class)).isEqualTo(asMap);
    }

    @Test
    void springsYamlLoaderReadsTheSameKeysAndValues() throws IOException {
        List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("config", new ClassPathResource(SAMPLE));
        assertThat(sources).hasSize(1);
        EnumerablePropertySource<?> source = (EnumerablePropertySource<?>) sources.get(0);
        Map<String, JsonNode> expected = new LinkedHashMap<>();
        leaves(sample()).forEach((key, value) -> {
            if (value.isArray()) { // Spring names list items key[0], key[1], …
                for (int i = 0; i < value.size(); i++) {
                    expected.put(key + "[" + i + "]", value.get(i));
                }
            } else {
                expected.put(key, value);
            }
        });

        assertThat(source.getPropertyNames()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((key, value) ->
                assertThat(String.valueOf(source.getProperty(key))).as(key).isEqualTo(value.asText()));
    }

    @Test
    void unsetValuesAreEmptyStringsNotNulls() throws IOException {
        JsonNode sample = sample();
        assertThat(sample.at("/parakeet/url").isTextual()).isTrue();
        assertThat(sample.at("/parakeet/url").asText()).isEmpty();
        assertThat(sample.at("/hf-token").asText()).isEmpty();
    }

    @Test
    void adminPasswordIsAHashSpringSecurityAccepts() throws IOException {
        assertThat(sample().get("admin-password").asText()).matches(BCRYPT);
    }

    @Test
    void installCommandHasOneIdempotentSshLinePerConfiguredSpark() throws IOException {
        JsonNode sample = sample();
        List<String> lines = Arrays.asList(resource("startos/install-command-sample.txt").strip().split("\n"));
        Pattern line = Pattern.compile("ssh -p (\\d+) (\\S+)@(\\S+) '(.*)'");

        assertThat(lines).hasSize(2);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode spark = sample.get("spark" + (i + 1));
            Matcher m = line.matcher(lines.get(i));
            assertThat(m.matches()).as(lines.get(i)).isTrue();
            assertThat(m.group(1)).isEqualTo(spark.get("ssh-port").asText());
            assertThat(m.group(2)).isEqualTo(spark.get("user").asText());
            assertThat(m.group(3)).isEqualTo(spark.get("host").asText());
            assertThat(m.group(4)).contains("grep -qxF", ">> ~/.ssh/authorized_keys", "chmod 600 ~/.ssh/authorized_keys");
        }
    }

    @Test
    void theAppReadsAHandEditedFileAsTheActionsLeaveIt(@TempDir Path dataDir) throws IOException {
        Files.writeString(dataDir.resolve("config.yaml"), resource(KEPT));
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of("spark-control.data-dir", dataDir.toString())));
        new ConfigYamlImport().postProcessEnvironment(environment, null);
        Binder binder = Binder.get(environment);

        assertThat(leaves(yaml.readTree(resource(KEPT))).keySet()).isSubsetOf(APP_KEYS);
        assertThat(environment.getProperty("spark-control.admin-password")).isEqualTo(
                "{bcrypt}$2a$10$DashboardSetThisHashDashboardSetThisHashDashboardSe");
        assertThat(binder.bind("spark-control.api-keys", Bindable.listOf(String.class)).get()).containsExactly(
                "sk-FAKE-first", "sk-FAKE-second", "sk-spark-EXAMPLE-not-a-real-key-0123456789abcdefghijklm");
        assertThat(environment.getProperty("spark-control.hf-token")).isEqualTo("hf_FAKE-set-by-hand");
        assertThat(environment.getProperty("spark-control.spark1.ssh-port", Integer.class)).isEqualTo(2222);
        assertThat(environment.getProperty("spark-control.spark2.host")).isEqualTo("192.168.1.11");
        assertThat(environment.getProperty("spark-control.vllm.port", Integer.class)).isEqualTo(8001);
        assertThat(environment.getProperty("spark-control.gateway.during-swap")).isEqualTo("hold");
        assertThat(environment.getProperty("spark-control.nodes[0].host")).isEqualTo("192.168.1.12");
    }

    private JsonNode sample() throws IOException {
        return yaml.readTree(sampleText());
    }

    private String sampleText() throws IOException {
        return resource(SAMPLE);
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Dotted kebab-case keys of every scalar or list, as Spring names the properties. */
    private static Map<String, JsonNode> leaves(JsonNode root) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        collect("", root, out);
        return out;
    }

    private static void collect(String prefix, JsonNode node, Map<String, JsonNode> out) {
        if (!node.isObject()) {
            out.put(prefix, node);
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            collect(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), out);
        }
    }
}

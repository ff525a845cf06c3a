package com.sparkcontrol.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * {@code docker build} cannot run here, so this reads {@code startos/Dockerfile} for what the StartOS image
 * needs: a build stage that runs the Maven wrapper, a Temurin 21 JRE runtime, a non-root user, the {@code /data}
 * volume, a JVM sized by {@code JAVA_TOOL_OPTIONS}, a health check on Actuator, and the very jar Maven builds.
 */
class DockerfileTest {

    private static final Path STARTOS = Path.of("startos");

    /** One Dockerfile instruction, continuation lines joined. */
    record Instruction(String keyword, String args) {}

    /** A {@code FROM} and what follows it up to the next one. */
    record Stage(String from, String name, List<Instruction> instructions) {

        List<String> args(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::args).toList();
        }
    }

    @Test
    void buildStagePackagesTheJarWithTheMavenWrapper() throws IOException {
        Stage build = stage("build");
        assertThat(build.args("RUN")).anyMatch(run -> run.contains("./mvnw") && run.contains("package"));
        assertThat(build.args("COPY")).anyMatch(copy -> copy.startsWith("mvnw ") || copy.contains(" mvnw "));
    }

    @Test
    void runtimeIsATemurin21Jre() throws IOException {
        assertThat(runtime().from()).matches("eclipse-temurin:21-jre\\S*");
    }

    @Test
    void runtimeRunsAsTheNonRootUserItCreates() throws IOException {
        Stage runtime = runtime();
        List<String> users = runtime.args("USER");
        assertThat(users).isNotEmpty();
        String user = users.get(users.size() - 1).split(":")[0];
        assertThat(user).isNotIn("root", "0");
        assertThat(runtime.args("RUN")).anyMatch(run -> run.matches("(?s).*useradd\\b.*\\b" + Pattern.quote(user) + "\\b.*"));
    }

    @Test
    void stateLivesOnTheDataVolume() throws IOException {
        assertThat(runtime().args("VOLUME")).anyMatch(v -> v.matches("\\[?\\s*\"?/data\"?\\s*]?"));
        assertThat(runtime().args("ENV")).anyMatch(env -> env.contains("SPARK_CONTROL_DATA_DIR=/data"));
    }

    @Test
    void jvmIsSizedForASmallBox() throws IOException {
        assertThat(runtime().args("ENV")).anyMatch(env -> env.matches("(?s).*JAVA_TOOL_OPTIONS=\"[^\"]*-Xmx\\d+m[^\"]*\".*"));
    }

    @Test
    void healthCheckAsksActuatorForUp() throws IOException {
        List<String> checks = runtime().args("HEALTHCHECK");
        assertThat(checks).hasSize(1);
        assertThat(checks.get(0)).contains("CMD", "http://127.0.0.1:8080/actuator/health", "\"status\":\"UP\"");
    }

    @Test
    void runtimeRunsTheJarMavenBuilds() throws Exception {
        Element build = (Element) DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("pom.xml").toFile())
                .getDocumentElement().getElementsByTagName("build").item(0);
        String jar = "target/" + build.getElementsByTagName("finalName").item(0).getTextContent().trim() + ".jar";

        Matcher copy = Pattern.compile("--from=build\\s+\\S*/" + Pattern.quote(jar) + "\\s+(\\S+)").matcher(
                String.join("\n", runtime().args("COPY")));
        assertThat(copy.find()).as("COPY --from=build …/" + jar).isTrue();
        String installed = copy.group(1);

        assertThat(runtime().args("ENTRYPOINT")).containsExactly("[\"java\", \"-jar\", \"" + installed + "\"]");
        // startos/main.ts starts the same file.
        assertThat(Files.readString(STARTOS.resolve("startos/utils.ts"))).contains("jarPath = '" + installed + "'");
    }

    @Test
    void manifestBuildsThisDockerfileFromTheProjectRootForBothArches() throws IOException {
        String manifest = Files.readString(STARTOS.resolve("startos/manifest/index.ts"));
        assertThat(manifest).containsPattern("dockerBuild:\\s*\\{\\s*workdir:\\s*'\\.\\.',\\s*dockerfile:\\s*'\\./Dockerfile'\\s*}");
        assertThat(manifest).contains("arch: ['x86_64', 'aarch64']");
        assertThat(Files.readString(STARTOS.resolve("Makefile"))).containsPattern("(?m)^ARCHES := x86 arm$");
        assertThat(runtime().args("EXPOSE")).containsExactly("8080");
    }

    private static Stage stage(String name) throws IOException {
        return stages().stream().filter(s -> name.equals(s.name())).findFirst()
                .orElseThrow(() -> new AssertionError("no stage named " + name));
    }

    private static Stage runtime() throws IOException {
        List<Stage> stages = stages();
        assertThat(stages).as("build and runtime stages").hasSizeGreaterThanOrEqualTo(2);
        return stages.get(stages.size() - 1);
    }

    private static List<Stage> stages() throws IOException {
        List<Stage> stages = new ArrayList<>();
        for (Instruction instruction : instructions(Files.readString(STARTOS.resolve("Dockerfile")))) {
            if (instruction.keyword().equals("FROM")) {
                // FROM [--platform=…] image [AS name]
                String[] words = instruction.args().replaceAll("--\\S+\\s+", "").split("\\s+");
                String name = words.length >= 3 && words[1].equalsIgnoreCase("AS") ? words[2] : null;
                stages.add(new Stage(words[0], name, new ArrayList<>()));
            } else if (!stages.isEmpty()) {
                stages.get(stages.size() - 1).instructions().add(instruction);
            }
        }
        return stages;
    }

    private static List<Instruction> instructions(String dockerfile) {
        List<Instruction> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : dockerfile.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String[] parts = current.toString().strip().split("\\s+", 2);
            out.add(new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : ""));
            current.setLength(0);
        }
        return out;
    }
}

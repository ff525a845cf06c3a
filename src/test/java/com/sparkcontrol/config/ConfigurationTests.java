package com.sparkcontrol.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockEnvironment;

class ConfigurationTests {

    @Configuration
    @EnableConfigurationProperties(SparkControlProperties.class)
    @Import(SparkNodes.class)
    static class PropertiesOnly {}

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void sparksFillTheFirstTwoNodesAndNodesListAddsMore() {
        runner.withPropertyValues("spark-control.spark1.host=10.0.0.1", "spark-control.spark1.user=nvidia",
                        "spark-control.spark2.host=10.0.0.2", "spark-control.spark2.user=nvidia",
                        "spark-control.nodes[0].host=10.0.0.3", "spark-control.nodes[0].user=nvidia", "spark-control.nodes[0].ssh-port=2222")
                .run(context -> {
                    SparkNodes nodes = context.getBean(SparkNodes.class);
                    assertThat(nodes.all()).extracting(SparkNode::id).containsExactly("spark1", "spark2", "spark3");
                    assertThat(nodes.head().id()).isEqualTo("spark1");
                    assertThat(nodes.audio().id()).isEqualTo("spark2");
                    assertThat(nodes.require("spark3").sshPort()).isEqualTo(2222);
                    assertThat(nodes.clusterMembers()).hasSize(3);
                });
    }

    @Test
    void missingHostsStillStartAndSayNotConfigured() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            SparkNode spark1 = context.getBean(SparkNodes.class).head();
            assertThat(spark1.configured()).isFalse();
            assertThat(spark1.missingSetting()).isEqualTo("spark-control.spark1.host is not set");
        });
    }

    @Nested
    class InvalidValuesStopStartUpNamingTheKey {

        @Test
        void nonNumericPort() {
            runner.withPropertyValues("spark-control.vllm.port=abc")
                    .run(context -> assertThat(context).getFailure().hasStackTraceContaining("spark-control.vllm.port"));
        }

        @Test
        void portOutOfRange() {
            runner.withPropertyValues("spark-control.spark1.ssh-port=70000")
                    .run(context -> assertThat(context).getFailure().hasStackTraceContaining("spark-control.spark1.sshPort"));
        }

        @Test
        void hostWithShellCharacters() {
            runner.withPropertyValues("spark-control.spark2.host=a;rm -rf ~")
                    .run(context -> assertThat(context).getFailure().hasStackTraceContaining("spark-control.spark2.host"));
        }

        @Test
        void malformedUrl() {
            runner.withPropertyValues("spark-control.kokoro.url=ftp://x")
                    .run(context -> assertThat(context).getFailure().hasStackTraceContaining("spark-control.kokoro.url"));
        }

        @Test
        void unknownKeyIsNamed() {
            MockEnvironment environment = new MockEnvironment().withProperty("spark-control.spark1.hots", "10.0.0.1");
            assertThatThrownBy(() -> new UnknownKeyCheck().postProcessEnvironment(environment, null))
                    .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("spark-control.spark1.hots");
        }

        @Test
        void unknownEnvironmentVariableIsNamed() {
            StandardEnvironment environment = new StandardEnvironment();
            environment.getPropertySources().addFirst(new org.springframework.core.env.SystemEnvironmentPropertySource("systemEnvironment",
                    Map.of("SPARK_CONTROL_SPARK1_HOTS", "x")));
            assertThatThrownBy(() -> new UnknownKeyCheck().postProcessEnvironment(environment, null))
                    .hasMessageContaining("SPARK_CONTROL_SPARK1_HOTS");
        }
    }

    @Test
    void knownKeysInEveryFormPassTheUnknownKeyCheck() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new org.springframework.core.env.SystemEnvironmentPropertySource("systemEnvironment",
                Map.of("SPARK_CONTROL_SPARK1_HOST", "x", "SPARK_CONTROL_OPEN_WEBUI_URL", "http://x", "SPARK_CONTROL_NODES_0_SSH_PORT", "22")));
        environment.getPropertySources().addFirst(new MapPropertySource("file", Map.of(
                "spark-control.vllm.repo-dir", "~/x", "spark-control.nodes[1].roles", "WORKER", "spark-control.api-keys[0]", "k")));
        new UnknownKeyCheck().postProcessEnvironment(environment, null);
    }

    @Test
    void configYamlFromTheDataDirectoryIsImportedBelowTheEnvironment(@TempDir Path data) throws IOException {
        Files.writeString(data.resolve("config.yaml"), """
                spark1: {host: 192.168.1.10, user: nvidia, ssh-port: 22}
                spark2: {host: 192.168.1.11, user: nvidia}
                kokoro: {url: ""}
                open-webui: {url: "http://192.168.1.20:3000"}
                ngc-api-key: ""
                """);
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("cli", Map.of(
                "spark-control.data-dir", data.toString(), "spark-control.spark2.user", "override")));

        new ConfigYamlImport().postProcessEnvironment(environment, null);

        assertThat(environment.getProperty("spark-control.spark1.host")).isEqualTo("192.168.1.10");
        assertThat(environment.getProperty("spark-control.open-webui.url")).isEqualTo("http://192.168.1.20:3000");
        assertThat(environment.getProperty("spark-control.spark2.user")).isEqualTo("override");
        assertThat(environment.containsProperty("spark-control.kokoro.url")).as("empty means unset").isFalse();
        assertThat(environment.containsProperty("spark-control.ngc-api-key")).isFalse();
    }

    @Test
    void unreadableConfigYamlStopsStartUpNamingTheFile(@TempDir Path data) throws IOException {
        Files.writeString(data.resolve("config.yaml"), "spark1: [unclosed");
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("cli", Map.of("spark-control.data-dir", data.toString())));
        assertThatThrownBy(() -> new ConfigYamlImport().postProcessEnvironment(environment, null))
                .isInstanceOf(InvalidConfigurationException.class).hasMessageContaining("config.yaml");
    }
}

package com.sparkcontrol.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandArgumentsTests {

    @Test
    void realRepoIdsPass() {
        for (String repo : List.of("Qwen/Qwen3.6-35B-A3B-FP8", "openai/gpt-oss-120b", "cyankiwi/GLM-4.7-Flash-AWQ-4bit",
                "QuantTrio/MiniMax-M2-AWQ", "nvidia/NVIDIA-Nemotron-3-Super-120B-A12B-NVFP4", "google/gemma-4-26b-a4b")) {
            assertThat(CommandArguments.repoId("repo", repo)).isEqualTo(repo);
        }
    }

    @Nested
    class HostileRepoIds {

        @ParameterizedTest
        @ValueSource(strings = {"-rf/x", "Org/-help", "--help", "Org/Name; rm -rf ~", "Org/$(id)", "Org/`id`", "../../etc/passwd",
                "Org/../x", "Org/Na me", "Org/Name\n", "Org/Ｎａｍｅ", "Оrg/Name", "Org/Name/extra", "Org", "/Name", "Org/",
                "Org--x/Name", "Org/Name.", "Org/'x'", "Org/\"x\""})
        void areRefused(String hostile) {
            assertThatThrownBy(() -> CommandArguments.repoId("repo", hostile)).isInstanceOf(InvalidArgumentException.class);
        }

        @Test
        void overLongIdIsRefused() {
            assertThatThrownBy(() -> CommandArguments.repoId("repo", "Org/" + "a".repeat(10_000)))
                    .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("longer");
        }
    }

    @Test
    void flagsAcceptRealVllmArguments() {
        List<String> flags = List.of("-tp", "2", "--max-model-len", "65536", "--gpu-memory-utilization", "0.8",
                "--kv-cache-dtype", "fp8", "--load-format=fastsafetensors", "--speculative-config", "{\"method\":\"mtp\",\"num_speculative_tokens\":2}",
                "--enable-auto-tool-choice", "--tool-call-parser", "qwen3_coder");
        assertThat(CommandArguments.vllmFlags("flags", flags)).isEqualTo(flags);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--port", "--host=1.2.3.4", "--nnodes", "--headless", "--x;id", "--a b", "value-without-flag", "--x\n"})
    void flagsRefuseReservedMalformedOrDangling(String bad) {
        assertThatThrownBy(() -> CommandArguments.vllmFlags("flags", List.of(bad))).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void flagValueWithSpacesIsRefused() {
        assertThatThrownBy(() -> CommandArguments.vllmFlags("flags", List.of("--chat-template", "a b")))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("spaces");
    }

    @ParameterizedTest
    @ValueSource(strings = {"parakeet", "kokoro", "diarizer", "embeddings", "my-reranker2"})
    void serviceNamesPass(String name) {
        assertThat(CommandArguments.serviceName("service", name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Parakeet", "-x", "a;b", "a b", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "", "ķokoro"})
    void badServiceNamesAreRefused(String name) {
        assertThatThrownBy(() -> CommandArguments.serviceName("service", name)).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void envAssignmentsMustNotContainSpaces() {
        assertThat(CommandArguments.envAssignment("env", "VLLM_MARLIN_USE_ATOMIC_ADD=1")).isNotNull();
        assertThatThrownBy(() -> CommandArguments.envAssignment("env", "A=b c")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> CommandArguments.envAssignment("env", "lower=1")).isInstanceOf(InvalidArgumentException.class);
    }
}

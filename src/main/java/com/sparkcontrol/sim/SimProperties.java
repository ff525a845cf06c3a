package com.sparkcontrol.sim;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The simulated Sparks ({@code spark-control.sim.*}): on in the {@code demo} profile and in tests. They listen
 * where the normal settings point (the Sparks' SSH ports, {@code vllm.port}, the service URLs), so the rest of
 * the app cannot tell them from hardware.
 */
@ConfigurationProperties("spark-control.sim")
public record SimProperties(
        @DefaultValue("false") boolean enabled,
        /** How long a simulated vLLM takes from launch to "Application startup complete." */
        @DefaultValue("15s") Duration loadTime,
        /** How long a simulated Hugging Face download takes. */
        @DefaultValue("20s") Duration downloadTime,
        /** Pause between two generated tokens of the simulated vLLM. */
        @DefaultValue("20ms") Duration tokenInterval,
        /** Where the simulated Sparks keep their files; default {@code <data-dir>/sim}. */
        Path rootDir) {}

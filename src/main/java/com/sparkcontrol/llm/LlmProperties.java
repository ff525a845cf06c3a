package com.sparkcontrol.llm;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Tuning of the LLM lifecycle ({@code spark-control.llm.*}): swaps, downloads and cluster updates.
 *
 * @param swapTimeout              how long a model may take to load before its swap fails (a catalog entry may say otherwise)
 * @param logPollInterval          pause between two {@code docker logs --since} polls while a model loads
 * @param processCheckInterval     how often a loading swap checks that the vLLM process is still alive
 * @param readyCheckTimeout        HTTP timeout of one {@code GET /v1/models} readiness probe
 * @param preflightTimeout         per-command timeout of the pre-flight checks (reachability, launcher, weights)
 * @param stopTimeout              how long {@code launch-cluster.sh stop} may take (about 10 s per node)
 * @param launchTimeout            how long {@code launch-cluster.sh -d exec} may take (containers, mods, dispatch)
 * @param defaultLoadEta           the ETA the gateway reports for a model that never loaded here before
 * @param swapLogLines             lines of the swap log kept for {@code GET /api/swap}
 * @param detectInterval           how often the active model is re-read from {@code /v1/models} when no swap runs
 * @param inventoryMaxAge          how long a node's list of downloaded models is reused by {@code GET /api/models}
 * @param downloadProgressInterval at most one {@code download-progress} event per download per this interval
 * @param downloadMinFreeGb        free space a download needs when the repo's size is unknown
 * @param downloadTimeout          a download (plus copy to the workers) still running after this is stopped
 * @param updateTimeout            a cluster update ({@code git pull}, {@code build-and-copy.sh -c}) still running after this is stopped
 */
@Validated
@ConfigurationProperties("spark-control.llm")
public record LlmProperties(
        @DefaultValue("30m") Duration swapTimeout,
        @DefaultValue("1s") Duration logPollInterval,
        @DefaultValue("5s") Duration processCheckInterval,
        @DefaultValue("2s") Duration readyCheckTimeout,
        @DefaultValue("20s") Duration preflightTimeout,
        @DefaultValue("3m") Duration stopTimeout,
        @DefaultValue("10m") Duration launchTimeout,
        @DefaultValue("5m") Duration defaultLoadEta,
        @DefaultValue("500") @Min(10) @Max(100_000) int swapLogLines,
        @DefaultValue("30s") Duration detectInterval,
        @DefaultValue("30s") Duration inventoryMaxAge,
        @DefaultValue("1s") Duration downloadProgressInterval,
        @DefaultValue("100") @Min(0) int downloadMinFreeGb,
        @DefaultValue("12h") Duration downloadTimeout,
        @DefaultValue("90m") Duration updateTimeout) {}

package com.sparkcontrol.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The cluster-wide settings of API.md ({@code spark-control.*}). Capability packages keep their own tuning
 * records under {@code spark-control.<capability>}; start-up refuses any key that none of them declares.
 */
@Validated
@ConfigurationProperties("spark-control")
public record SparkControlProperties(
        @DefaultValue("./data") Path dataDir,
        @Valid @DefaultValue Node spark1,
        @Valid @DefaultValue Node spark2,
        @Valid @DefaultValue List<Node> nodes,
        @Valid @DefaultValue Vllm vllm,
        @Valid @DefaultValue Url parakeet,
        @Valid @DefaultValue Url kokoro,
        @Valid @DefaultValue Url embeddings,
        @Valid @DefaultValue Url diarizer,
        @Valid @DefaultValue Url openWebui,
        String ngcApiKey,
        String hfToken,
        @DefaultValue("./routes") Path routesDir,
        String adminPassword,
        @DefaultValue List<String> apiKeys,
        @Valid @DefaultValue Ssh ssh) {

    /** One Spark: where to reach it over SSH and what it does. */
    public record Node(
            @Pattern(regexp = "^$|^[A-Za-z0-9][A-Za-z0-9.:\\-\\[\\]]{0,252}$", message = "must be a host name or IP address")
                    String host,
            @Pattern(regexp = "^$|^[a-z_][a-z0-9_.-]{0,31}$", message = "must be a Unix user name") String user,
            @DefaultValue("22") @Min(1) @Max(65535) int sshPort,
            Set<NodeRole> roles) {}

    public record Vllm(
            @DefaultValue("8000") @Min(1) @Max(65535) int port,
            @DefaultValue("~/spark-vllm-docker")
                    @NotBlank
                    @Pattern(regexp = "^~?[A-Za-z0-9_./-]+$", message = "must be a plain path (letters, digits, _ . / -)")
                    String repoDir) {}

    /** An optional override of where a service answers (by default: on its Spark, at its usual port). */
    public record Url(
            @Pattern(regexp = "^$|^https?://[^\\s]+$", message = "must be an http:// or https:// URL") String url) {}

    public record Ssh(
            @DefaultValue("5s") Duration connectTimeout,
            @DefaultValue("60s") Duration commandTimeout) {}

    /** Secrets stay out of logs even when the whole record is printed. */
    @Override
    public String toString() {
        return "SparkControlProperties[dataDir=" + dataDir + ", spark1=" + spark1 + ", spark2=" + spark2 + ", nodes="
                + nodes + ", vllm=" + vllm + ", routesDir=" + routesDir + ", secrets=<masked>]";
    }
}

package com.sparkcontrol.services;

import com.sparkcontrol.config.BackendUrls;
import com.sparkcontrol.config.DataDirectory;
import com.sparkcontrol.config.SparkControlProperties;
import com.sparkcontrol.config.SparkNodes;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Builds the services package's beans from property maps, the way Spring binds them, for tests without a context. */
final class ServiceFixtures {

    static final String NGC_KEY = "nvapi-TEST-KEY-0123456789abcdef";
    static final String HF_TOKEN = "hf_TESTtoken0123456789";

    private ServiceFixtures() {}

    /** Two Sparks at 10.0.0.1/2, both secrets set, plus the given overrides. */
    static Map<String, String> cluster(String... keyValues) {
        Map<String, String> map = new HashMap<>(Map.of(
                "spark-control.spark1.host", "10.0.0.1", "spark-control.spark1.user", "nvidia",
                "spark-control.spark2.host", "10.0.0.2", "spark-control.spark2.user", "nvidia",
                "spark-control.ngc-api-key", NGC_KEY, "spark-control.hf-token", HF_TOKEN));
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    static SparkControlProperties properties(Map<String, String> map, Path dataDir) {
        Map<String, String> withData = new HashMap<>(map);
        withData.put("spark-control.data-dir", dataDir.toString());
        return binder(withData).bindOrCreate("spark-control", SparkControlProperties.class);
    }

    static ServicesProperties services(Map<String, String> map) {
        return binder(map).bindOrCreate("spark-control.services", ServicesProperties.class);
    }

    static ServiceCatalog catalog(Map<String, String> map, Path dataDir) {
        SparkControlProperties properties = properties(map, dataDir);
        SparkNodes nodes = new SparkNodes(properties);
        return new ServiceCatalog(new DataDirectory(properties), nodes, new BackendUrls(properties, nodes), services(map), properties);
    }

    static ServiceCommands commands(Map<String, String> map, Path dataDir) {
        return new ServiceCommands(new SecretResolver(properties(map, dataDir)), services(map));
    }

    private static Binder binder(Map<String, String> map) {
        return new Binder(new MapConfigurationPropertySource(map));
    }
}

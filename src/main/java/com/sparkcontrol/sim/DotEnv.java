package com.sparkcontrol.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * spark-vllm-docker's {@code .env}: {@code KEY=VALUE} lines, comments and blanks allowed, keys unique and
 * shell-like; values lose surrounding whitespace and quotes. An invalid file is rejected as a whole.
 */
final class DotEnv {

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> values;

    private DotEnv(Map<String, String> values) {
        this.values = values;
    }

    /** Empty when the file breaks the launcher's syntax check (missing '=', bad key, duplicate key). */
    static Optional<DotEnv> read(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                return Optional.empty();
            }
            String key = line.substring(0, eq).strip();
            if (!KEY.matcher(key).matches() || values.containsKey(key)) {
                return Optional.empty();
            }
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            values.put(key, value);
        }
        return Optional.of(new DotEnv(values));
    }

    static DotEnv empty() {
        return new DotEnv(Map.of());
    }

    String get(String key) {
        String value = values.get(key);
        return value == null || value.isEmpty() ? null : value;
    }

    /** Keys as bash's {@code compgen -v DOTENV_} lists them (sorted). */
    Iterable<String> sortedKeys() {
        return new TreeMap<>(values).keySet();
    }

    /** {@code CONTAINER_X=…} entries (except CONTAINER_NAME), which become {@code -e X=…}; sorted by key. */
    Map<String, String> containerEnv() {
        Map<String, String> env = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith("CONTAINER_") && !key.equals("CONTAINER_NAME")) {
                env.put(key.substring("CONTAINER_".length()), value);
            }
        });
        return env;
    }
}

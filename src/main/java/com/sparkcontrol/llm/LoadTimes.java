package com.sparkcontrol.llm;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.config.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * How long each model took to become ready, from the click to {@code READY} (the last few swaps per model),
 * kept in {@code <data>/load-times.json}: the gateway's {@code Retry-After} during a swap comes from here.
 */
@Component
class LoadTimes {

    static final String FILE = "load-times.json";
    private static final int KEEP = 5;

    private final DataDirectory data;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, List<Double>> seconds;

    LoadTimes(DataDirectory data) {
        this.data = data;
        this.seconds = new LinkedHashMap<>(data.read(FILE,
                bytes -> json.readValue(bytes, new TypeReference<LinkedHashMap<String, List<Double>>>() {})).orElseGet(LinkedHashMap::new));
        seconds.values().removeIf(list -> list == null || list.stream().anyMatch(v -> v == null || v <= 0 || v.isNaN()));
    }

    synchronized void record(String modelId, Duration took) {
        List<Double> list = new ArrayList<>(seconds.getOrDefault(modelId, List.of()));
        list.add(took.toMillis() / 1000.0);
        while (list.size() > KEEP) {
            list.remove(0);
        }
        seconds.put(modelId, list);
        try {
            data.writeAtomically(FILE, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(seconds));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The median of the recorded load times, when this model was ever loaded here. */
    synchronized Optional<Duration> typical(String modelId) {
        List<Double> list = seconds.get(modelId);
        if (list == null || list.isEmpty()) {
            return Optional.empty();
        }
        List<Double> sorted = list.stream().sorted().toList();
        double median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
        return Optional.of(Duration.ofMillis(Math.round(median * 1000)));
    }

    /** The most recent load time of a model. */
    synchronized Optional<Duration> last(String modelId) {
        List<Double> list = seconds.get(modelId);
        return list == null || list.isEmpty() ? Optional.empty() : Optional.of(Duration.ofMillis(Math.round(list.get(list.size() - 1) * 1000)));
    }
}

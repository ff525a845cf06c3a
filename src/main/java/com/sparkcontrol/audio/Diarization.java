package com.sparkcontrol.audio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A per-chunk diarization answer (reference/backend-contracts.md §4.3): segments with chunk-local labels,
 * and a voice fingerprint per label. Keeps the backend's JSON so the gateway only adds fields to it.
 */
record Diarization(ObjectNode json, List<Segment> segments, Map<String, double[]> fingerprints, List<String> labels) {

    record Segment(double start, double end, String speaker) {
        double seconds() {
            return Math.max(0, end - start);
        }
    }

    static Diarization parse(ObjectNode json) {
        List<Segment> segments = new ArrayList<>();
        Set<String> labels = new LinkedHashSet<>();
        for (JsonNode s : json.path("segments")) {
            String speaker = s.path("speaker").asText("");
            if (speaker.isEmpty() || !s.path("start_s").isNumber() || !s.path("end_s").isNumber()) {
                continue;
            }
            segments.add(new Segment(s.path("start_s").asDouble(), s.path("end_s").asDouble(), speaker));
        }
        segments.stream().sorted((a, b) -> Double.compare(a.start(), b.start())).forEach(s -> labels.add(s.speaker()));
        json.path("speakers_detected").forEach(l -> labels.add(l.asText()));
        Map<String, double[]> fingerprints = new LinkedHashMap<>();
        json.path("fingerprints").fields().forEachRemaining(entry -> {
            JsonNode vector = entry.getValue();
            if (vector.isArray() && !vector.isEmpty()) {
                double[] values = new double[vector.size()];
                for (int i = 0; i < values.length; i++) {
                    if (!vector.get(i).isNumber()) {
                        return;
                    }
                    values[i] = vector.get(i).asDouble();
                }
                fingerprints.put(entry.getKey(), values);
            }
        });
        return new Diarization(json, List.copyOf(segments), fingerprints, List.copyOf(labels));
    }

    /** The chunk's speakers in order of first speech, with their fingerprints and seconds of speech. */
    List<SpeakerBook.LocalSpeaker> localSpeakers() {
        List<SpeakerBook.LocalSpeaker> locals = new ArrayList<>();
        for (String label : labels) {
            double speech = segments.stream().filter(s -> s.speaker().equals(label)).mapToDouble(Segment::seconds).sum();
            locals.add(new SpeakerBook.LocalSpeaker(label, fingerprints.get(label), speech));
        }
        return locals;
    }
}

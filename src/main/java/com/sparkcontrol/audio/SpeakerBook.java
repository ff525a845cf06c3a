package com.sparkcontrol.audio;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The speakers of one conversation across its chunks: each global speaker has a centroid voice fingerprint
 * (a speech-weighted mean of L2-normalised fingerprints). A chunk's local speakers are matched to them by
 * cosine similarity, best pairs first, so two local speakers never get one global label; a local speaker
 * with no match at or above the threshold becomes a new global speaker. Fingerprints from little speech
 * count for less in a centroid (short clips embed poorly; reference/backend-contracts.md §4.4).
 */
final class SpeakerBook {

    /** A chunk's speaker: its local label, fingerprint (null when the backend gave none) and seconds of speech. */
    record LocalSpeaker(String label, double[] fingerprint, double speechSeconds) {}

    /** A session speaker, as reported to clients. */
    record GlobalSpeaker(String id, double speechSeconds, int chunks) {}

    /** Tuning: cosine threshold, the speech below which a fingerprint is down-weighted, and by how much. */
    record Matching(double threshold, double minSpeechSeconds, double shortSpeechWeight) {
        static Matching of(AudioProperties properties) {
            AudioProperties.Speakers s = properties.speakers();
            return new Matching(s.matchThreshold(), s.minSpeech().toMillis() / 1000.0, s.shortSpeechWeight());
        }
    }

    private static final class Global {
        final String id;
        double[] centroid;
        double weight;
        double speechSeconds;
        int chunks;

        Global(String id) {
            this.id = id;
        }
    }

    private final List<Global> globals = new ArrayList<>();
    private final Matching matching;
    private volatile Instant lastUsed = Instant.now();
    private int chunks;

    SpeakerBook(Matching matching) {
        this.matching = matching;
    }

    /**
     * Labels one chunk's speakers with global ids and folds their fingerprints into the centroids.
     * {@code locals} should be in order of first speech, so new speakers are numbered in arrival order.
     */
    synchronized Map<String, String> assign(List<LocalSpeaker> locals) {
        lastUsed = Instant.now();
        chunks++;
        record Pair(int local, int global, double similarity) {}
        List<double[]> unit = locals.stream().map(l -> normalised(l.fingerprint())).toList();
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < locals.size(); i++) {
            for (int j = 0; j < globals.size(); j++) {
                double similarity = cosine(unit.get(i), globals.get(j).centroid);
                if (similarity >= matching.threshold()) {
                    pairs.add(new Pair(i, j, similarity));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::similarity).reversed()
                .thenComparingInt(Pair::local).thenComparingInt(Pair::global));
        Global[] chosen = new Global[locals.size()];
        Set<Integer> taken = new HashSet<>();
        for (Pair pair : pairs) {
            if (chosen[pair.local()] == null && taken.add(pair.global())) {
                chosen[pair.local()] = globals.get(pair.global());
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < locals.size(); i++) {
            Global g = chosen[i];
            if (g == null) {
                g = new Global("S" + (globals.size() + 1));
                globals.add(g);
            }
            absorb(g, unit.get(i), locals.get(i).speechSeconds());
            labels.put(locals.get(i).label(), g.id);
        }
        return labels;
    }

    private void absorb(Global g, double[] fingerprint, double speechSeconds) {
        g.chunks++;
        g.speechSeconds += speechSeconds;
        if (fingerprint == null) {
            return;
        }
        double weight = speechSeconds >= matching.minSpeechSeconds() ? speechSeconds : speechSeconds * matching.shortSpeechWeight();
        weight = Math.max(weight, 1e-6); // a fingerprint always counts a little, so a first one sets the centroid
        if (g.centroid == null || g.centroid.length != fingerprint.length) {
            g.centroid = fingerprint.clone();
            g.weight = weight;
            return;
        }
        double[] mean = new double[fingerprint.length];
        for (int k = 0; k < mean.length; k++) {
            mean[k] = g.centroid[k] * g.weight + fingerprint[k] * weight;
        }
        g.centroid = normalised(mean);
        g.weight += weight;
    }

    synchronized List<GlobalSpeaker> speakers() {
        return globals.stream().map(g -> new GlobalSpeaker(g.id, Math.round(g.speechSeconds * 1000) / 1000.0, g.chunks)).toList();
    }

    /** Cosine between a global speaker's centroid and a fingerprint (for tests and diagnostics). */
    synchronized double similarity(String globalId, double[] fingerprint) {
        return globals.stream().filter(g -> g.id.equals(globalId)).findFirst()
                .map(g -> cosine(g.centroid, normalised(fingerprint))).orElse(-2.0);
    }

    synchronized int chunks() {
        return chunks;
    }

    Instant lastUsed() {
        return lastUsed;
    }

    static double[] normalised(double[] vector) {
        if (vector == null) {
            return null;
        }
        double norm = 0;
        for (double v : vector) {
            norm += v * v;
        }
        if (norm == 0 || Double.isNaN(norm)) {
            return null;
        }
        double scale = 1 / Math.sqrt(norm);
        double[] unit = new double[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = vector[i] * scale;
        }
        return unit;
    }

    /** Cosine of two unit vectors; -2 (never a match) when either is missing or their sizes differ. */
    static double cosine(double[] a, double[] b) {
        if (a == null || b == null || a.length != b.length) {
            return -2;
        }
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }
}

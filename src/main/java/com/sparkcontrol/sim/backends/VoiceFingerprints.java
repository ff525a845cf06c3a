package com.sparkcontrol.sim.backends;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Simulated TitaNet speaker embeddings: 192 floats, L2-normalised, a fixed direction per voice plus a
 * little per-chunk noise. The same voice in two chunks scores a cosine of about 0.96. Voice directions are
 * drawn so that no two voices' directions exceed |cos| {@value #MAX_BASE_COSINE}, which keeps any two
 * different voices under 0.3 even after the noise: clustering at the prior art's 0.3 never merges them.
 */
final class VoiceFingerprints {

    static final int DIMENSION = 192;
    private static final double NOISE = 0.2;
    private static final double MAX_BASE_COSINE = 0.22;

    private VoiceFingerprints() {
    }

    static double[] of(int voiceHz, long chunkSeed) {
        double[] voice = Bases.direction(voiceHz);
        double[] noise = unitGaussian(new Random(HeardAudio.mix(voiceHz * 31L ^ chunkSeed)));
        double[] vector = new double[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            vector[i] = voice[i] + NOISE * noise[i];
        }
        return normalise(vector);
    }

    static double cosine(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    /** One direction per possible voice pitch (and 0, the unknown voice), built once, in pitch order. */
    private static final class Bases {
        private static final double[][] BY_HZ = build();

        static double[] direction(int hz) {
            if (hz >= 0 && hz < BY_HZ.length && BY_HZ[hz] != null) {
                return BY_HZ[hz];
            }
            return unitGaussian(new Random(seed(hz, 0))); // a pitch no simulated voice has
        }

        private static double[][] build() {
            double[][] table = new double[SpeakerTone.MAX_HZ + 1][];
            List<double[]> accepted = new ArrayList<>();
            List<Integer> pitches = new ArrayList<>();
            pitches.add(0);
            for (int hz = SpeakerTone.MIN_HZ; hz <= SpeakerTone.MAX_HZ; hz++) {
                pitches.add(hz);
            }
            for (int hz : pitches) {
                double[] candidate;
                int attempt = 0;
                do {
                    candidate = unitGaussian(new Random(seed(hz, attempt++)));
                } while (tooClose(candidate, accepted));
                accepted.add(candidate);
                table[hz] = candidate;
            }
            return table;
        }

        private static boolean tooClose(double[] candidate, List<double[]> accepted) {
            for (double[] other : accepted) {
                double dot = 0;
                for (int i = 0; i < DIMENSION; i++) {
                    dot += candidate[i] * other[i];
                }
                if (Math.abs(dot) >= MAX_BASE_COSINE) {
                    return true;
                }
            }
            return false;
        }

        private static long seed(int hz, int attempt) {
            return hz * 7919L + 17 + attempt * 1_000_003L;
        }
    }

    private static double[] unitGaussian(Random random) {
        double[] vector = new double[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            vector[i] = random.nextGaussian();
        }
        return normalise(vector);
    }

    private static double[] normalise(double[] vector) {
        double norm = 0;
        for (double v : vector) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < vector.length; i++) {
            vector[i] /= norm;
        }
        return vector;
    }
}

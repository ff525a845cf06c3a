package com.sparkcontrol.sim.backends;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The sound of a simulated voice: a quiet sine whose pitch is derived from the speaker id. The pitch is
 * the voice's identity when no script travels with the audio, so a chunk cut out of a recording by someone
 * who dropped the metadata is still "heard" as the same voices ({@link ToneSegmenter}).
 */
final class SpeakerTone {

    static final int MIN_HZ = 120;
    static final int MAX_HZ = 999;
    /** Kokoro's voices get pitches this far apart, so no two of them ever sound alike. */
    private static final int VOICE_SPACING_HZ = 16;
    /** About -20 dBFS: clearly audible, never clipping. */
    static final double AMPLITUDE = 0.1 * Short.MAX_VALUE;
    private static final double FADE_SECONDS = 0.01;

    private SpeakerTone() {
    }

    /**
     * A whole number of hertz in [{@value MIN_HZ}, {@value MAX_HZ}], stable across runs and JVMs. Kokoro's
     * voices have reserved pitches; any other id hashes to one of the remaining pitches, so two arbitrary
     * ids sound alike about once in 800 pairs, and never like a Kokoro voice.
     */
    static int frequency(String speaker) {
        int voice = KokoroVoices.VOICES.indexOf(speaker);
        if (voice >= 0) {
            return MIN_HZ + voice * VOICE_SPACING_HZ;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(speaker.getBytes(StandardCharsets.UTF_8));
            int bits = ((digest[0] & 0xff) << 24) | ((digest[1] & 0xff) << 16) | ((digest[2] & 0xff) << 8) | (digest[3] & 0xff);
            int hz = MIN_HZ + Math.floorMod(bits, MAX_HZ - MIN_HZ + 1);
            boolean reserved = (hz - MIN_HZ) % VOICE_SPACING_HZ == 0
                    && (hz - MIN_HZ) / VOICE_SPACING_HZ < KokoroVoices.VOICES.size();
            return reserved ? hz + VOICE_SPACING_HZ / 2 : hz;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** One sample of a turn's tone, {@code offset} seconds into a turn lasting {@code length} seconds. */
    static short sample(int hz, double offset, double length) {
        double fade = Math.min(1.0, Math.min(offset, length - offset) / FADE_SECONDS);
        if (fade <= 0) {
            return 0;
        }
        return (short) Math.round(AMPLITUDE * fade * Math.sin(2 * Math.PI * hz * offset));
    }
}

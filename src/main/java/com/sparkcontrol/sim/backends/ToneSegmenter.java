package com.sparkcontrol.sim.backends;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds who is "speaking" in audio that carries no script, by listening to it: 80 ms frames (Sortformer's
 * frame rate) are voiced when loud enough, each voiced frame's pitch is measured from its zero crossings,
 * and runs of frames at one pitch become a turn of the voice with that pitch ({@link SpeakerTone}).
 */
final class ToneSegmenter {

    /** A stretch of one voice; {@code hz} is the voice's identity. */
    record Run(int hz, double start, double end) {
    }

    static final double FRAME_SECONDS = 0.08;
    private static final double SILENCE_RMS = 300;
    private static final double SAME_VOICE_HZ = 2.0;
    private static final int MIN_FRAMES = 2;

    private ToneSegmenter() {
    }

    /** The runs of a 16-bit PCM file (first channel); empty for other sample formats. */
    static List<Run> runs(Path file, WavScript.Info info) throws IOException {
        if (info.bitsPerSample() != 16 || info.sampleRate() < 2 * SpeakerTone.MAX_HZ) {
            return List.of();
        }
        int frameSamples = (int) Math.round(info.sampleRate() * FRAME_SECONDS);
        int frameBytes = frameSamples * 2 * info.channels();
        List<Run> runs = new ArrayList<>();
        RunBuilder current = null;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            in.skipNBytes(info.dataOffset());
            long remaining = info.dataBytes();
            byte[] frame = new byte[frameBytes];
            double[] samples = new double[frameSamples];
            int index = 0;
            while (remaining >= frameBytes) {
                int read = in.readNBytes(frame, 0, frameBytes);
                if (read < frameBytes) {
                    break;
                }
                remaining -= frameBytes;
                for (int i = 0; i < frameSamples; i++) {
                    int at = i * 2 * info.channels();
                    samples[i] = (short) ((frame[at] & 0xff) | (frame[at + 1] << 8));
                }
                double hz = pitch(samples, info.sampleRate());
                if (current != null && hz > 0 && Math.abs(hz - current.meanHz()) <= SAME_VOICE_HZ) {
                    current.add(hz);
                } else {
                    close(current, runs);
                    current = hz > 0 ? new RunBuilder(index, hz) : null;
                }
                index++;
            }
        }
        close(current, runs);
        return merge(runs);
    }

    /** The frame's pitch from interpolated upward zero crossings, or 0 when silent or unmeasurable. */
    static double pitch(double[] samples, int sampleRate) {
        double energy = 0;
        for (double s : samples) {
            energy += s * s;
        }
        if (Math.sqrt(energy / samples.length) < SILENCE_RMS) {
            return 0;
        }
        double first = -1;
        double last = -1;
        int crossings = 0;
        for (int i = 1; i < samples.length; i++) {
            if (samples[i - 1] < 0 && samples[i] >= 0) {
                double at = (i - 1) + samples[i - 1] / (samples[i - 1] - samples[i]);
                if (first < 0) {
                    first = at;
                }
                last = at;
                crossings++;
            }
        }
        if (crossings < 3 || last <= first) {
            return 0;
        }
        return (crossings - 1) * sampleRate / (last - first);
    }

    private static void close(RunBuilder run, List<Run> runs) {
        if (run != null && run.frames >= MIN_FRAMES) {
            runs.add(run.build());
        }
    }

    /** Joins runs of one voice split by a single unreadable frame (a turn boundary or a fade). */
    private static List<Run> merge(List<Run> runs) {
        List<Run> merged = new ArrayList<>();
        for (Run run : runs) {
            Run previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (previous != null && previous.hz() == run.hz() && run.start() - previous.end() <= FRAME_SECONDS * 2.5) {
                merged.set(merged.size() - 1, new Run(run.hz(), previous.start(), run.end()));
            } else {
                merged.add(run);
            }
        }
        return merged;
    }

    private static final class RunBuilder {
        private final int firstFrame;
        private double sumHz;
        private int frames;

        RunBuilder(int firstFrame, double hz) {
            this.firstFrame = firstFrame;
            add(hz);
        }

        void add(double hz) {
            sumHz += hz;
            frames++;
        }

        double meanHz() {
            return sumHz / frames;
        }

        Run build() {
            double start = Math.round(firstFrame * FRAME_SECONDS * 1000) / 1000.0;
            double end = Math.round((firstFrame + frames) * FRAME_SECONDS * 1000) / 1000.0;
            return new Run((int) Math.round(meanHz()), start, end);
        }
    }
}

package com.sparkcontrol.sim.backends;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Simulated speech as WAV files: each speaker's turns are a quiet tone at that speaker's pitch, and a
 * RIFF {@code LIST/INFO/ICMT} chunk carries the "script" ({@code {"turns":[{"speaker","start","end","text"}]}})
 * so the fake Parakeet and diarizer can hear who said what and when. Tests use it to build multi-speaker
 * fixtures; FakeKokoro uses it for every WAV it speaks.
 */
public final class WavScript {

    /** Kokoro's output rate; 16-bit mono throughout. */
    public static final int KOKORO_SAMPLE_RATE = 24_000;
    private static final int BITS = 16;

    private WavScript() {
    }

    /** One word of a turn with its time span, in seconds from the start of the audio. */
    public record Word(String text, double start, double end) {
    }

    /** A speaker talking from {@code start} to {@code end} seconds; times are kept to the millisecond. */
    public record Turn(String speaker, double start, double end, String text) {
        @JsonCreator
        public Turn(@JsonProperty("speaker") String speaker, @JsonProperty("start") double start,
                    @JsonProperty("end") double end, @JsonProperty("text") String text) {
            this.speaker = Objects.requireNonNull(speaker, "speaker");
            this.start = millis(start);
            this.end = millis(end);
            this.text = text == null ? "" : text.strip();
            if (this.start < 0 || this.end < this.start) {
                throw new IllegalArgumentException("turn must have 0 <= start <= end: " + start + ".." + end);
            }
        }

        /**
         * The turn's words, its time shared out by word length (plus one for the gap after each), which is
         * how the fake Parakeet times them.
         */
        public List<Word> words() {
            String[] words = text.isEmpty() ? new String[0] : text.split("\\s+");
            double weight = Arrays.stream(words).mapToInt(w -> w.length() + 1).sum();
            List<Word> timed = new ArrayList<>(words.length);
            double at = start;
            for (String word : words) {
                double length = (end - start) * (word.length() + 1) / weight;
                timed.add(new Word(word, millis(at), millis(at + length)));
                at += length;
            }
            return timed;
        }
    }

    /** What was said, turn by turn, in time order. */
    public record Script(List<Turn> turns) {
        @JsonCreator
        public Script(@JsonProperty("turns") List<Turn> turns) {
            this.turns = turns == null ? List.of()
                    : turns.stream().sorted(Comparator.comparingDouble(Turn::start)).toList();
        }

        public String toJson() {
            return SimJson.write(this);
        }

        /** Parses {@code {"turns":[...]}}; empty when the text is not such a script. */
        public static Optional<Script> fromJson(String json) {
            if (json == null || json.isBlank()) {
                return Optional.empty();
            }
            try {
                var node = SimJson.MAPPER.readTree(json);
                if (node == null || !node.path("turns").isArray()) {
                    return Optional.empty();
                }
                return Optional.of(SimJson.MAPPER.treeToValue(node, Script.class));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        /** When the last turn ends (0 for an empty script). */
        public double end() {
            return turns.stream().mapToDouble(Turn::end).max().orElse(0);
        }

        /**
         * The part of the script heard between {@code from} and {@code to}, re-based so {@code from} is 0.
         * A turn cut by the window keeps the words whose middle falls inside it.
         */
        public Script window(double from, double to) {
            List<Turn> kept = new ArrayList<>();
            for (Turn turn : turns) {
                if (turn.end() <= from || turn.start() >= to) {
                    continue;
                }
                List<String> words = turn.words().stream()
                        .filter(w -> (w.start() + w.end()) / 2 >= from && (w.start() + w.end()) / 2 < to)
                        .map(Word::text).toList();
                double start = Math.max(turn.start(), from) - from;
                double end = Math.min(turn.end(), to) - from;
                kept.add(new Turn(turn.speaker(), start, end, String.join(" ", words)));
            }
            return new Script(kept);
        }
    }

    /** The format, length and script of a WAV file. */
    public record Info(int sampleRate, int channels, int bitsPerSample, long dataOffset, long dataBytes,
                       double durationSeconds, Optional<Script> script) {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Lays turns out one after another: each lasts {@code secondsPerWord} per word, with a gap between turns. */
    public static final class Builder {
        private final List<Turn> turns = new ArrayList<>();
        private double secondsPerWord = 0.4;
        private double gap = 0.25;
        private int sampleRate = KOKORO_SAMPLE_RATE;
        private double cursor;

        private Builder() {
        }

        public Builder secondsPerWord(double seconds) {
            if (!(seconds > 0)) {
                throw new IllegalArgumentException("seconds per word must be positive");
            }
            secondsPerWord = seconds;
            return this;
        }

        /** Silence between consecutive turns (default 0.25 s). */
        public Builder gap(double seconds) {
            if (seconds < 0) {
                throw new IllegalArgumentException("gap must be zero or positive");
            }
            gap = seconds;
            return this;
        }

        public Builder sampleRate(int rate) {
            if (rate < 8000) {
                throw new IllegalArgumentException("sample rate below 8 kHz cannot carry the speaker tones");
            }
            sampleRate = rate;
            return this;
        }

        /** Extra silence before the next turn (or at the end). */
        public Builder pause(double seconds) {
            if (seconds < 0) {
                throw new IllegalArgumentException("pause must be zero or positive");
            }
            cursor += seconds;
            return this;
        }

        public Builder turn(String speaker, String text) {
            int words = text == null || text.isBlank() ? 0 : text.strip().split("\\s+").length;
            if (!turns.isEmpty()) {
                cursor += gap;
            }
            Turn turn = new Turn(speaker, cursor, cursor + Math.max(1, words) * secondsPerWord, text);
            turns.add(turn);
            cursor = turn.end();
            return this;
        }

        public Script script() {
            return new Script(turns);
        }

        public double durationSeconds() {
            return cursor;
        }

        public byte[] build() {
            return wav(script(), cursor, sampleRate);
        }

        public Path writeTo(Path file) throws IOException {
            return Files.write(file, build());
        }
    }

    /** A whole 16-bit mono WAV of {@code durationSeconds}: the script's turns as tones, silence elsewhere. */
    public static byte[] wav(Script script, double durationSeconds, int sampleRate) {
        long samples = Math.round(durationSeconds * sampleRate);
        if (samples * 2 > Integer.MAX_VALUE - 4096) {
            throw new IllegalArgumentException("too long for an in-memory WAV: " + durationSeconds + " s");
        }
        byte[] header = header(script, samples * 2, sampleRate);
        byte[] pcm = pcm(script, 0, samples, sampleRate);
        byte[] wav = Arrays.copyOf(header, header.length + pcm.length);
        System.arraycopy(pcm, 0, wav, header.length, pcm.length);
        return wav;
    }

    /** The RIFF header (with the script in {@code LIST/INFO/ICMT} when given) for {@code dataBytes} of 16-bit mono. */
    public static byte[] header(Script script, long dataBytes, int sampleRate) {
        return RiffWav.header(sampleRate, 1, BITS, script == null ? null : script.toJson(), dataBytes);
    }

    /** Little-endian 16-bit samples {@code [fromSample, toSample)} of the script's tones; lets audio be streamed in pieces. */
    public static byte[] pcm(Script script, long fromSample, long toSample, int sampleRate) {
        int count = (int) Math.max(0, toSample - fromSample);
        ByteBuffer out = ByteBuffer.allocate(count * 2).order(ByteOrder.LITTLE_ENDIAN);
        List<Turn> turns = script == null ? List.of() : script.turns();
        int[] hz = turns.stream().mapToInt(t -> SpeakerTone.frequency(t.speaker())).toArray();
        int next = 0;
        for (long n = fromSample; n < fromSample + count; n++) {
            double t = (double) n / sampleRate;
            while (next < turns.size() && turns.get(next).end() <= t) {
                next++;
            }
            short value = 0;
            for (int i = next; i < turns.size() && turns.get(i).start() <= t; i++) {
                Turn turn = turns.get(i);
                if (t < turn.end()) {
                    value = SpeakerTone.sample(hz[i], t - turn.start(), turn.end() - turn.start());
                    break;
                }
            }
            out.putShort(value);
        }
        return out.array();
    }

    public static Info read(byte[] wav) {
        try {
            return info(RiffWav.read(RiffWav.of(wav)));
        } catch (IOException e) {
            throw new IllegalStateException("reading an array cannot fail", e);
        }
    }

    /** Reads the header and script of a file without loading its audio; not-a-WAV is an {@link IllegalArgumentException}. */
    public static Info read(Path file) throws IOException {
        return info(RiffWav.read(file));
    }

    public static double durationSeconds(byte[] wav) {
        return read(wav).durationSeconds();
    }

    /**
     * The audio between {@code from} and {@code to} seconds as a WAV of its own, its script windowed and
     * re-based so the slice stands alone (as a diarization chunk would).
     */
    public static byte[] slice(byte[] wav, double from, double to) {
        RiffWav.Layout layout;
        try {
            layout = RiffWav.read(RiffWav.of(wav));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Info info = info(layout);
        int frame = layout.channels() * layout.bitsPerSample() / 8;
        long first = Math.max(0, Math.round(from * layout.sampleRate())) * frame;
        long last = Math.min(layout.dataBytes() / frame, Math.round(to * layout.sampleRate())) * frame;
        if (last <= first) {
            throw new IllegalArgumentException("empty slice " + from + ".." + to + " of " + info.durationSeconds() + " s");
        }
        String comment = info.script().map(s -> s.window(from, to).toJson()).orElse(null);
        byte[] header = RiffWav.header(layout.sampleRate(), layout.channels(), layout.bitsPerSample(), comment, last - first);
        byte[] out = Arrays.copyOf(header, header.length + (int) (last - first));
        System.arraycopy(wav, (int) (layout.dataOffset() + first), out, header.length, (int) (last - first));
        return out;
    }

    private static Info info(RiffWav.Layout layout) {
        double bytesPerSecond = (double) layout.sampleRate() * layout.channels() * layout.bitsPerSample() / 8;
        return new Info(layout.sampleRate(), layout.channels(), layout.bitsPerSample(), layout.dataOffset(),
                layout.dataBytes(), layout.dataBytes() / bytesPerSecond, Script.fromJson(layout.comment()));
    }

    private static double millis(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}

package com.sparkcontrol.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavChunkerTests {

    private static final int RATE = 16_000;

    @TempDir
    Path dir;

    /** A 16-bit mono WAV whose every sample holds its own index (mod 2^15), so slices can be checked exactly. */
    private Path wav(double seconds) throws IOException {
        int samples = (int) (seconds * RATE);
        ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(RATE * 2)
                .putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (i % 32768));
        }
        return Files.write(dir.resolve("long.wav"), b.array());
    }

    @Test
    void cutsALongWavIntoOverlappingChunksThatSplitEachOverlapAtItsMiddle() throws IOException {
        Path source = wav(12);
        List<WavChunker.AudioChunk> chunks = WavChunker.plan(source, AudioFormat.WAV, 5, 1);
        try {
            assertThat(chunks).extracting(WavChunker.AudioChunk::offset).containsExactly(0.0, 4.0, 8.0);
            assertThat(chunks).extracting(WavChunker.AudioChunk::ownFrom).containsExactly(0.0, 4.5, 8.5);
            assertThat(chunks).extracting(WavChunker.AudioChunk::ownTo).containsExactly(4.5, 8.5, Double.POSITIVE_INFINITY);

            WavChunker.Layout middle = WavChunker.layout(chunks.get(1).file()).orElseThrow();
            assertThat(middle.durationSeconds()).isEqualTo(5.0);
            assertThat(middle.sampleRate()).isEqualTo(RATE);
            byte[] whole = Files.readAllBytes(source);
            byte[] piece = Files.readAllBytes(chunks.get(1).file());
            int from = 44 + 4 * RATE * 2;
            assertThat(Arrays.copyOfRange(piece, 44, piece.length)).isEqualTo(Arrays.copyOfRange(whole, from, from + 5 * RATE * 2));
            assertThat(WavChunker.layout(chunks.get(2).file()).orElseThrow().durationSeconds()).isEqualTo(4.0);
        } finally {
            WavChunker.delete(chunks);
        }
        assertThat(chunks).allSatisfy(c -> assertThat(c.file()).doesNotExist());
        assertThat(source).exists();
    }

    @Test
    void leavesShortFilesAndOtherFormatsWhole() throws IOException {
        Path source = wav(4);
        assertThat(WavChunker.plan(source, AudioFormat.WAV, 5, 1)).singleElement()
                .satisfies(c -> assertThat(c.temporary()).isFalse())
                .satisfies(c -> assertThat(c.owns(3.99)).isTrue());
        Path flac = Files.write(dir.resolve("a.flac"), "fLaC....".getBytes());
        assertThat(WavChunker.plan(flac, AudioFormat.FLAC, 5, 1)).singleElement()
                .satisfies(c -> assertThat(c.file()).isEqualTo(flac));
    }
}

package com.sparkcontrol.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cuts a long PCM WAV into overlapping chunks (each a WAV of its own, written to a temp file by copying the
 * byte range, never loading the audio), and says which part of the timeline each chunk owns: the overlap is
 * split at its middle, so every word and speaker turn is taken from exactly one chunk. Other formats are not
 * cut (decoding MP3/FLAC/Opus here would need a codec); they go to the backends whole.
 */
final class WavChunker {

    /** One piece of the audio: where it starts in the whole, and the span of the whole it is responsible for. */
    record AudioChunk(Path file, double offset, double ownFrom, double ownTo, boolean temporary) {
        boolean owns(double seconds) {
            return seconds >= ownFrom && seconds < ownTo;
        }
    }

    /** The layout of a WAV file: its {@code fmt } chunk body, and where its samples are. */
    record Layout(byte[] fmt, int sampleRate, int blockAlign, long dataOffset, long dataBytes) {
        double durationSeconds() {
            return (double) (dataBytes / blockAlign) / sampleRate;
        }
    }

    private WavChunker() {}

    static List<AudioChunk> plan(Path file, AudioFormat format, double length, double overlap) throws IOException {
        Optional<Layout> layout = format == AudioFormat.WAV ? layout(file) : Optional.empty();
        if (layout.isEmpty() || layout.get().durationSeconds() <= length || length <= overlap) {
            return List.of(new AudioChunk(file, 0, 0, Double.POSITIVE_INFINITY, false));
        }
        Layout wav = layout.get();
        double duration = wav.durationSeconds();
        double step = length - overlap;
        List<double[]> spans = new ArrayList<>();
        double start = 0;
        while (start + length < duration) {
            spans.add(new double[] {start, start + length});
            start += step;
        }
        spans.add(new double[] {start, duration});
        List<AudioChunk> chunks = new ArrayList<>();
        try {
            for (int i = 0; i < spans.size(); i++) {
                double from = spans.get(i)[0];
                double to = spans.get(i)[1];
                double ownFrom = i == 0 ? 0 : from + overlap / 2;
                double ownTo = i == spans.size() - 1 ? Double.POSITIVE_INFINITY : spans.get(i + 1)[0] + overlap / 2;
                chunks.add(new AudioChunk(slice(file, wav, from, to), from, ownFrom, ownTo, true));
            }
        } catch (IOException | RuntimeException e) {
            delete(chunks);
            throw e;
        }
        return chunks;
    }

    static void delete(List<AudioChunk> chunks) {
        for (AudioChunk chunk : chunks) {
            if (chunk.temporary()) {
                try {
                    Files.deleteIfExists(chunk.file());
                } catch (IOException e) {
                    chunk.file().toFile().deleteOnExit();
                }
            }
        }
    }

    /** Reads the RIFF chunk list (not the samples); empty when the file is not a PCM or float WAV. */
    static Optional<Layout> layout(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            if (channel.read(header, 0) < 12 || header.getInt(0) != 0x46464952 || header.getInt(8) != 0x45564157) {
                return Optional.empty();
            }
            long at = 12;
            byte[] fmt = null;
            while (at + 8 <= size) {
                ByteBuffer chunk = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                channel.read(chunk, at);
                String id = new String(chunk.array(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII);
                long length = Integer.toUnsignedLong(chunk.getInt(4));
                if (id.equals("fmt ") && length >= 16 && length <= 1024) {
                    ByteBuffer body = ByteBuffer.allocate((int) length);
                    channel.read(body, at + 8);
                    fmt = body.array();
                } else if (id.equals("data")) {
                    if (fmt == null) {
                        return Optional.empty();
                    }
                    ByteBuffer f = ByteBuffer.wrap(fmt).order(ByteOrder.LITTLE_ENDIAN);
                    int audioFormat = Short.toUnsignedInt(f.getShort(0));
                    int sampleRate = f.getInt(4);
                    int blockAlign = Short.toUnsignedInt(f.getShort(12));
                    if ((audioFormat != 1 && audioFormat != 3 && audioFormat != 0xFFFE) || sampleRate <= 0 || blockAlign <= 0) {
                        return Optional.empty();
                    }
                    // streaming writers leave the size at 0 or 0xFFFFFFFF: the samples then run to the end of the file
                    long available = size - (at + 8);
                    long dataBytes = length == 0 || length == 0xFFFFFFFFL || length > available ? available : length;
                    return Optional.of(new Layout(fmt, sampleRate, blockAlign, at + 8, dataBytes));
                }
                at += 8 + length + (length & 1);
            }
            return Optional.empty();
        }
    }

    /** The audio from {@code from} to {@code to} seconds as a WAV of its own, in a temp file. */
    static Path slice(Path source, Layout wav, double from, double to) throws IOException {
        long firstFrame = Math.round(from * wav.sampleRate());
        long lastFrame = Math.min(wav.dataBytes() / wav.blockAlign(), Math.round(to * wav.sampleRate()));
        long bytes = (lastFrame - firstFrame) * wav.blockAlign();
        Path out = Files.createTempFile("sparkcontrol-audio-chunk-", ".wav");
        try (OutputStream stream = Files.newOutputStream(out);
                FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(12 + 8 + wav.fmt().length + 8).order(ByteOrder.LITTLE_ENDIAN);
            header.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .putInt((int) (4 + 8 + wav.fmt().length + 8 + bytes))
                    .put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(wav.fmt().length).put(wav.fmt())
                    .put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt((int) bytes);
            stream.write(header.array());
            stream.flush();
            try (FileChannel target = FileChannel.open(out, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                long position = wav.dataOffset() + firstFrame * wav.blockAlign();
                long copied = 0;
                while (copied < bytes) {
                    long n = in.transferTo(position + copied, bytes - copied, target);
                    if (n <= 0) {
                        break;
                    }
                    copied += n;
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(out);
            throw e;
        }
        return out;
    }
}

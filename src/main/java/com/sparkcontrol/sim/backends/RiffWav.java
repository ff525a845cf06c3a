package com.sparkcontrol.sim.backends;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads and writes the RIFF/WAVE container: {@code fmt }, an optional {@code LIST/INFO} chunk whose
 * {@code ICMT} text carries a comment, and {@code data}. Chunks may come in any order; unknown chunks are
 * skipped; a streaming writer's placeholder data size (0 or 0xFFFFFFFF) means "until the end of the file".
 */
final class RiffWav {

    record Layout(int formatTag, int channels, int sampleRate, int bitsPerSample, long dataOffset, long dataBytes,
                  String comment) {
    }

    /** Random access to the bytes of a file or an array. */
    interface Source {
        long length() throws IOException;

        /** Reads up to {@code dst.length} bytes at {@code position}; returns how many were read. */
        int read(long position, byte[] dst) throws IOException;
    }

    private RiffWav() {
    }

    static byte[] header(int sampleRate, int channels, int bitsPerSample, String comment, long dataBytes) {
        byte[] list = comment == null ? new byte[0] : listInfo(comment);
        ByteBuffer out = ByteBuffer.allocate(44 + list.length).order(ByteOrder.LITTLE_ENDIAN);
        int blockAlign = channels * bitsPerSample / 8;
        long riffSize = 4 + (8 + 16) + list.length + 8 + dataBytes + (dataBytes % 2);
        out.put(ascii("RIFF")).putInt((int) Math.min(riffSize, 0xFFFFFFFFL)).put(ascii("WAVE"));
        out.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) channels).putInt(sampleRate)
                .putInt(sampleRate * blockAlign).putShort((short) blockAlign).putShort((short) bitsPerSample);
        out.put(list);
        out.put(ascii("data")).putInt((int) Math.min(dataBytes, 0xFFFFFFFFL));
        return out.array();
    }

    private static byte[] listInfo(String comment) {
        byte[] text = comment.getBytes(StandardCharsets.UTF_8);
        int icmtSize = text.length + 1; // NUL-terminated
        int pad = icmtSize % 2;
        ByteBuffer out = ByteBuffer.allocate(8 + 4 + 8 + icmtSize + pad).order(ByteOrder.LITTLE_ENDIAN);
        out.put(ascii("LIST")).putInt(4 + 8 + icmtSize + pad).put(ascii("INFO"));
        out.put(ascii("ICMT")).putInt(icmtSize).put(text).put((byte) 0);
        if (pad == 1) {
            out.put((byte) 0);
        }
        return out.array();
    }

    /** Parses the container; throws {@link IllegalArgumentException} when it is not PCM-describable RIFF/WAVE. */
    static Layout read(Source source) throws IOException {
        long length = source.length();
        byte[] head = new byte[12];
        if (length < 12 || source.read(0, head) < 12 || !tag(head, 0).equals("RIFF") || !tag(head, 8).equals("WAVE")) {
            throw new IllegalArgumentException("not a RIFF/WAVE file");
        }
        int formatTag = -1, channels = 0, sampleRate = 0, bits = 0;
        long dataOffset = -1, dataBytes = 0;
        String comment = null;
        long position = 12;
        byte[] chunkHeader = new byte[8];
        while (position + 8 <= length && source.read(position, chunkHeader) == 8) {
            String id = tag(chunkHeader, 0);
            long size = ByteBuffer.wrap(chunkHeader, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
            long body = position + 8;
            if (id.equals("data")) {
                dataOffset = body;
                boolean placeholder = size == 0 || size == 0xFFFFFFFFL || body + size > length;
                dataBytes = placeholder ? length - body : size;
                if (placeholder) {
                    break;
                }
            } else if (id.equals("fmt ") && size >= 16) {
                ByteBuffer fmt = readChunk(source, body, 16);
                formatTag = fmt.getShort() & 0xffff;
                channels = fmt.getShort() & 0xffff;
                sampleRate = fmt.getInt();
                fmt.getInt(); // byte rate
                fmt.getShort(); // block align
                bits = fmt.getShort() & 0xffff;
            } else if (id.equals("LIST") && size >= 4 && size < 1_000_000) {
                comment = infoComment(readChunk(source, body, (int) size), comment);
            }
            position = body + size + (size % 2);
        }
        if (formatTag < 0 || dataOffset < 0 || channels == 0 || sampleRate <= 0 || bits == 0) {
            throw new IllegalArgumentException("RIFF/WAVE file without a usable fmt or data chunk");
        }
        return new Layout(formatTag, channels, sampleRate, bits, dataOffset, dataBytes, comment);
    }

    private static String infoComment(ByteBuffer list, String previous) {
        byte[] type = new byte[4];
        list.get(type);
        if (!new String(type, StandardCharsets.US_ASCII).equals("INFO")) {
            return previous;
        }
        while (list.remaining() >= 8) {
            byte[] id = new byte[4];
            list.get(id);
            int size = list.getInt();
            if (size < 0 || size > list.remaining()) {
                break;
            }
            byte[] text = new byte[size];
            list.get(text);
            if (size % 2 == 1 && list.hasRemaining()) {
                list.get();
            }
            if (new String(id, StandardCharsets.US_ASCII).equals("ICMT")) {
                int end = 0;
                while (end < text.length && text[end] != 0) {
                    end++;
                }
                return new String(text, 0, end, StandardCharsets.UTF_8);
            }
        }
        return previous;
    }

    private static ByteBuffer readChunk(Source source, long position, int size) throws IOException {
        byte[] bytes = new byte[size];
        int read = source.read(position, bytes);
        if (read < size) {
            throw new IllegalArgumentException("truncated RIFF chunk");
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String tag(byte[] bytes, int offset) {
        return new String(bytes, offset, 4, StandardCharsets.US_ASCII);
    }

    private static byte[] ascii(String tag) {
        return tag.getBytes(StandardCharsets.US_ASCII);
    }

    static Source of(byte[] bytes) {
        return new Source() {
            @Override
            public long length() {
                return bytes.length;
            }

            @Override
            public int read(long position, byte[] dst) {
                int n = (int) Math.max(0, Math.min(dst.length, bytes.length - position));
                if (n > 0) {
                    System.arraycopy(bytes, (int) position, dst, 0, n);
                }
                return n;
            }
        };
    }

    /** Reads the layout of a file without loading its audio. */
    static Layout read(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            return read(new Source() {
                @Override
                public long length() throws IOException {
                    return raf.length();
                }

                @Override
                public int read(long position, byte[] dst) throws IOException {
                    raf.seek(position);
                    int total = 0;
                    while (total < dst.length) {
                        int n = raf.read(dst, total, dst.length - total);
                        if (n < 0) {
                            break;
                        }
                        total += n;
                    }
                    return total;
                }
            });
        }
    }
}

package com.sparkcontrol.redaction;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into lines at '\n' (which never occurs inside a multi-byte UTF-8 character), keeping
 * only the unfinished last line between calls.
 */
final class SseLineSplitter {

    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    /** Hands each completed line, with its "\n" (or "\r\n"), to {@code onLine}. */
    void feed(byte[] bytes, int offset, int length, Consumer<byte[]> onLine) {
        int lineStart = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            if (bytes[i] == '\n') {
                if (partial.size() > 0) {
                    partial.write(bytes, lineStart, i + 1 - lineStart);
                    onLine.accept(partial.toByteArray());
                    partial.reset();
                } else {
                    onLine.accept(Arrays.copyOfRange(bytes, lineStart, i + 1));
                }
                lineStart = i + 1;
            }
        }
        partial.write(bytes, lineStart, end - lineStart);
    }

    /** The unfinished last line, emptied; an empty array when the stream ended on a line break. */
    byte[] drain() {
        byte[] rest = partial.toByteArray();
        partial.reset();
        return rest;
    }
}

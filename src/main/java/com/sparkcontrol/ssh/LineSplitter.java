package com.sparkcontrol.ssh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** An OutputStream that hands each complete line (ended by \n, \r or \r\n) to a consumer as soon as it is written. */
final class LineSplitter extends OutputStream {

    private static final int MAX_LINE = 64 * 1024;

    private final Consumer<String> consumer;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private boolean lastWasCr;

    LineSplitter(Consumer<String> consumer) {
        this.consumer = consumer;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n' && lastWasCr) {
            lastWasCr = false;
            return;
        }
        lastWasCr = b == '\r';
        if (b == '\n' || b == '\r') {
            emit();
        } else {
            pending.write(b);
            if (pending.size() >= MAX_LINE) {
                emit();
            }
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    /** The unterminated last line, if any, is delivered on close. */
    @Override
    public synchronized void close() {
        if (pending.size() > 0) {
            emit();
        }
    }

    private void emit() {
        String line = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        consumer.accept(line);
    }
}

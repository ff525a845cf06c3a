package com.sparkcontrol.sim;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The framing between {@code sim-client.pl} and {@link SimCommandServer}: one type byte, a 4-byte big-endian
 * length, the payload. See the header of {@code sim/sim-client.pl} for the frame types.
 */
final class ShimFrames {

    static final char NODE = 'N';
    static final char CWD = 'D';
    static final char ARG = 'A';
    static final char ENV = 'V';
    static final char END_OF_HEADER = 'H';
    static final char SEND_STDIN = 'S';
    static final char GO = 'G';
    static final char STDIN = 'I';
    static final char END_OF_STDIN = 'Z';
    static final char STDOUT = 'O';
    static final char STDERR = 'E';
    static final char EXIT = 'X';

    /** Largest frame the server accepts from a client (stdin arrives in 64 KiB chunks). */
    private static final int MAX_FRAME = 16 * 1024 * 1024;

    private ShimFrames() {
    }

    record Frame(char type, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    static Frame read(DataInputStream in) throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("shim client closed the connection");
        }
        int length = in.readInt();
        if (length < 0 || length > MAX_FRAME) {
            throw new IOException("bad shim frame length " + length);
        }
        byte[] payload = in.readNBytes(length);
        if (payload.length != length) {
            throw new EOFException("shim client closed the connection mid-frame");
        }
        return new Frame((char) type, payload);
    }

    static void write(DataOutputStream out, char type, byte[] payload) throws IOException {
        out.write(type);
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }
}

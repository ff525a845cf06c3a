package com.sparkcontrol.gateway;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Writes the body a gateway route left to the client; shared by {@code /v1} ({@link ClientAnswer}) and
 * {@code /redact/v1}. A whole body goes out with its length in one write. A body still arriving is copied as it
 * arrives: with its length and no flush when one is known (a JSON answer), else flushed whenever nothing more is
 * waiting, so each server-sent event or audio chunk leaves at once. The source is always closed at the end,
 * which aborts the upstream request when the client went away first.
 */
public final class AnswerBody {

    private static final int BUFFER = 8192;

    private AnswerBody() {}

    /** A route's non-stream body as bytes ({@code null} is an empty body). */
    public static byte[] bytes(Object body) {
        return body == null ? new byte[0]
                : body instanceof byte[] b ? b : body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes {@code bytes} with their length; throws when the client has gone. */
    public static void writeWhole(byte[] bytes, HttpServletResponse response) throws IOException {
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /**
     * Copies {@code source} to the client as it arrives ({@code length} -1 when unknown). A failure reading the
     * source (the upstream broke off mid-body) goes to {@code brokeOff} and ends the answer; a failure writing
     * (the client went away) is thrown.
     */
    public static void copy(InputStream source, HttpServletResponse response, long length, Consumer<IOException> brokeOff)
            throws IOException {
        try (source) {
            if (length >= 0) {
                response.setContentLengthLong(length);
            }
            ServletOutputStream out = response.getOutputStream();
            byte[] buffer = new byte[BUFFER];
            while (true) {
                int n;
                try {
                    n = source.read(buffer);
                } catch (IOException e) {
                    brokeOff.accept(e);
                    return;
                }
                if (n < 0) {
                    return;
                }
                out.write(buffer, 0, n);
                if (length < 0 && source.available() == 0) {
                    out.flush(); // a stream: pass on what arrived before waiting for more
                }
            }
        }
    }
}

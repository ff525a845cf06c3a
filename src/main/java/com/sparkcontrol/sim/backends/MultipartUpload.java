package com.sparkcontrol.sim.backends;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/form-data} request body, parsed as it streams in: file parts are spooled to temp
 * files (uploads of hundreds of MB never sit in memory), text fields are kept up to 1 MB each. Closing it
 * deletes the temp files.
 */
final class MultipartUpload implements AutoCloseable {

    /** A file part spooled to {@code path}. */
    record FilePart(String field, String filename, String contentType, Path path, long size) {
    }

    /** The body is not well-formed multipart. */
    static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private static final int MAX_FIELD_BYTES = 1 << 20;
    private static final int MAX_HEADER_LINE = 8 * 1024;
    private static final int MAX_PARTS = 1000;
    private static final Pattern BOUNDARY = Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))", Pattern.CASE_INSENSITIVE);
    private static final Pattern PARAM = Pattern.compile(";\\s*([a-zA-Z*]+)=(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^;\\s]*))");

    private final Map<String, List<String>> fields = new LinkedHashMap<>();
    private final List<FilePart> files = new ArrayList<>();

    private MultipartUpload() {
    }

    static MultipartUpload read(String contentType, InputStream body) throws IOException, Malformed {
        Matcher boundary = BOUNDARY.matcher(contentType == null ? "" : contentType);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data") || !boundary.find()) {
            throw new Malformed("expected multipart/form-data with a boundary");
        }
        String token = boundary.group(1) != null ? boundary.group(1) : boundary.group(2);
        MultipartUpload upload = new MultipartUpload();
        try {
            upload.parse(new DelimitedStream(body, ("\r\n--" + token).getBytes(StandardCharsets.ISO_8859_1)));
            return upload;
        } catch (FieldTooLarge e) {
            upload.close();
            throw new Malformed(e.getMessage());
        } catch (IOException | Malformed | RuntimeException e) {
            upload.close();
            throw e;
        }
    }

    Optional<String> field(String name) {
        List<String> values = fields.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    List<String> fields(String name) {
        return fields.getOrDefault(name, List.of());
    }

    Optional<FilePart> file(String name) {
        return files.stream().filter(f -> f.field().equals(name)).findFirst();
    }

    @Override
    public void close() {
        for (FilePart file : files) {
            try {
                Files.deleteIfExists(file.path());
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }

    private void parse(DelimitedStream in) throws IOException, Malformed {
        if (!in.copyUntilDelimiter(OutputStream.nullOutputStream())) {
            throw new Malformed("no multipart boundary found in the body");
        }
        for (int parts = 0; ; parts++) {
            String after = in.readLine();
            if (after.startsWith("--")) {
                return; // closing delimiter
            }
            if (parts >= MAX_PARTS) {
                throw new Malformed("too many parts");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
            }
            Map<String, String> disposition = params(headers.getOrDefault("content-disposition", ""));
            String name = disposition.get("name");
            if (name == null) {
                throw new Malformed("part without a Content-Disposition name");
            }
            String filename = disposition.containsKey("filename*") ? disposition.get("filename*") : disposition.get("filename");
            boolean complete;
            if (filename != null) {
                Path path = Files.createTempFile("sim-upload-", ".part");
                long size;
                try (OutputStream out = Files.newOutputStream(path)) {
                    CountingStream counting = new CountingStream(out);
                    complete = in.copyUntilDelimiter(counting);
                    size = counting.count;
                }
                files.add(new FilePart(name, filename, headers.getOrDefault("content-type", "application/octet-stream"), path, size));
            } else {
                ByteArrayOutputStream value = new ByteArrayOutputStream();
                complete = in.copyUntilDelimiter(new CappedStream(value, MAX_FIELD_BYTES));
                fields.computeIfAbsent(name, n -> new ArrayList<>()).add(value.toString(StandardCharsets.UTF_8));
            }
            if (!complete) {
                throw new Malformed("body ended inside part '" + name + "'");
            }
        }
    }

    private static Map<String, String> params(String header) {
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(header);
        while (m.find()) {
            String value = m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(3);
            params.put(m.group(1).toLowerCase(Locale.ROOT), value);
        }
        return params;
    }

    /**
     * Reads a stream in 64 KiB blocks, handing out bytes up to each delimiter; keeps only a delimiter's
     * length of look-behind, so memory stays constant whatever the part size. The body is treated as
     * starting with CRLF so the first boundary matches like the others.
     */
    private static final class DelimitedStream {
        private final InputStream in;
        private final byte[] delimiter;
        private final byte[] buffer;
        private int start;
        private int end;
        private boolean eof;

        DelimitedStream(InputStream in, byte[] delimiter) {
            this.in = in;
            this.delimiter = delimiter;
            this.buffer = new byte[(1 << 16) + delimiter.length];
            buffer[0] = '\r';
            buffer[1] = '\n';
            end = 2;
        }

        /** Copies bytes until the delimiter (consumed, not copied); false when the stream ended first. */
        boolean copyUntilDelimiter(OutputStream sink) throws IOException {
            while (true) {
                int found = indexOfDelimiter();
                if (found >= 0) {
                    sink.write(buffer, start, found - start);
                    start = found + delimiter.length;
                    return true;
                }
                int safe = Math.max(start, end - delimiter.length + 1);
                sink.write(buffer, start, safe - start);
                start = safe;
                if (!fill()) {
                    sink.write(buffer, start, end - start);
                    start = end;
                    return false;
                }
            }
        }

        /** A CRLF-terminated line (ISO-8859-1); the rest of the stream when it has no more line ends. */
        String readLine() throws IOException, Malformed {
            StringBuilder line = new StringBuilder();
            while (true) {
                if (start == end && !fill()) {
                    return line.toString();
                }
                char c = (char) (buffer[start++] & 0xff);
                if (c == '\n') {
                    int length = line.length();
                    return length > 0 && line.charAt(length - 1) == '\r' ? line.substring(0, length - 1) : line.toString();
                }
                if (line.length() >= MAX_HEADER_LINE) {
                    throw new Malformed("multipart header line too long");
                }
                line.append(c);
            }
        }

        private int indexOfDelimiter() {
            outer:
            for (int i = start; i <= end - delimiter.length; i++) {
                for (int j = 0; j < delimiter.length; j++) {
                    if (buffer[i + j] != delimiter[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        private boolean fill() throws IOException {
            if (eof) {
                return false;
            }
            if (start > 0) {
                System.arraycopy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
            }
            int n = in.read(buffer, end, buffer.length - end);
            if (n < 0) {
                eof = true;
                return false;
            }
            end += n;
            return true;
        }
    }

    private static final class CountingStream extends OutputStream {
        private final OutputStream out;
        private long count;

        CountingStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** A text field over the cap: the request's fault, not a broken connection. */
    private static final class FieldTooLarge extends IOException {
        FieldTooLarge(String message) {
            super(message);
        }
    }

    private static final class CappedStream extends OutputStream {
        private final OutputStream out;
        private final int cap;
        private int written;

        CappedStream(OutputStream out, int cap) {
            this.out = out;
            this.cap = cap;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (written + len > cap) {
                throw new FieldTooLarge("multipart text field over " + cap + " bytes");
            }
            out.write(b, off, len);
            written += len;
        }
    }
}

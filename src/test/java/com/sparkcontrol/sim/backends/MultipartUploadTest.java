package com.sparkcontrol.sim.backends;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartUploadTest {

    private static final String BOUNDARY = "XyZ-boundary";
    private static final String TYPE = "multipart/form-data; boundary=" + BOUNDARY;

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesFieldsAndSpoolsTheFileExactlyEvenWhenItContainsBoundaryLookalikes() throws Exception {
        byte[] file = new byte[3 * 65536 + 123];
        new Random(7).nextBytes(file);
        byte[] lookalike = ascii("\r\n--XyZ-boundar");
        System.arraycopy(lookalike, 0, file, 65530, lookalike.length); // straddles a read block
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(ascii("preamble\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n"
                + "parakeet\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"timestamp_granularities[]\"\r\n\r\n"
                + "word\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"timestamp_granularities[]\"\r\n\r\n"
                + "segment\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n"));
        body.writeBytes(file);
        body.writeBytes(ascii("\r\n--" + BOUNDARY + "--\r\nepilogue"));

        Path spooled;
        try (MultipartUpload upload = MultipartUpload.read(TYPE, new ByteArrayInputStream(body.toByteArray()))) {
            assertThat(upload.field("model")).contains("parakeet");
            assertThat(upload.fields("timestamp_granularities[]")).containsExactly("word", "segment");
            MultipartUpload.FilePart part = upload.file("file").orElseThrow();
            assertThat(part.filename()).isEqualTo("a \"b\".wav");
            assertThat(part.contentType()).isEqualTo("audio/wav");
            assertThat(part.size()).isEqualTo(file.length);
            assertThat(Files.readAllBytes(part.path())).isEqualTo(file);
            spooled = part.path();
        }
        assertThat(spooled).doesNotExist();
    }

    @Test
    void streamsLargeUploadsThroughAFixedBuffer() throws Exception {
        long size = 64L * 1024 * 1024;
        InputStream head = new ByteArrayInputStream(ascii("--" + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.wav\"\r\n\r\n"));
        InputStream zeros = new InputStream() {
            private long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 0);
                left -= n;
                return n;
            }
        };
        InputStream tail = new ByteArrayInputStream(ascii("\r\n--" + BOUNDARY + "--\r\n"));
        try (MultipartUpload upload = MultipartUpload.read(TYPE,
                new SequenceInputStream(Collections.enumeration(List.of(head, zeros, tail))))) {
            assertThat(upload.file("file").orElseThrow().size()).isEqualTo(size);
            assertThat(Files.size(upload.file("file").orElseThrow().path())).isEqualTo(size);
        }
    }

    @Test
    void refusesBodiesThatAreNotMultipart() {
        assertThatThrownBy(() -> MultipartUpload.read("application/json", new ByteArrayInputStream(ascii("{}"))))
                .isInstanceOf(MultipartUpload.Malformed.class);
        assertThatThrownBy(() -> MultipartUpload.read(TYPE, new ByteArrayInputStream(ascii("no boundary here"))))
                .isInstanceOf(MultipartUpload.Malformed.class);
        assertThatThrownBy(() -> MultipartUpload.read(TYPE, new ByteArrayInputStream(ascii("--" + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\"\r\n\r\ntruncated"))))
                .isInstanceOf(MultipartUpload.Malformed.class);
    }
}

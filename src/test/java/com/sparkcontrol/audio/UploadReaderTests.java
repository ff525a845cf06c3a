package com.sparkcontrol.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.web.MockHttpServletRequest;

/** The multipart reader on a servlet request whose body has no Content-Length (chunked), with a 1 KB limit. */
class UploadReaderTests {

    private final UploadReader reader = new UploadReader(new Binder(new MapConfigurationPropertySource(
            Map.of("spark-control.audio.max-upload-size", "1KB"))).bindOrCreate("spark-control.audio", AudioProperties.class));

    private static MockHttpServletRequest multipart(byte[] file, String fieldName) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write("--b\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\nen\r\n".getBytes(StandardCharsets.UTF_8));
        if (file != null) {
            body.write(("--b\r\nContent-Disposition: form-data; name=\"" + fieldName + "\"; filename=\"a.wav\"\r\n"
                    + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(file);
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.write("--b--\r\n".getBytes(StandardCharsets.UTF_8));
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/audio/transcriptions") {
            @Override
            public long getContentLengthLong() {
                return -1; // as a chunked upload: the limit must be enforced while reading
            }
        };
        request.setContentType("multipart/form-data; boundary=b");
        request.setContent(body.toByteArray());
        return request;
    }

    private static byte[] wav(int bytes) {
        byte[] wav = new byte[bytes];
        System.arraycopy("RIFF\0\0\0\0WAVE".getBytes(StandardCharsets.ISO_8859_1), 0, wav, 0, 12);
        return wav;
    }

    @Test
    void streamsTheFileToATempFileAndKeepsTheFields() throws Exception {
        AudioUpload upload = reader.read(multipart(wav(1024), "file"));
        try (upload) {
            assertThat(upload.size()).isEqualTo(1024);
            assertThat(Files.size(upload.file())).isEqualTo(1024);
            assertThat(upload.format()).isEqualTo(AudioFormat.WAV);
            assertThat(upload.field("language")).contains("en");
        }
        assertThat(upload.file()).doesNotExist();
    }

    @Nested
    class Refused {

        @Test
        void aFileOverTheLimitIs413AndLeavesNoTempFile() throws Exception {
            long before = tempUploads();
            assertThatThrownBy(() -> reader.read(multipart(wav(1025), "file")))
                    .isInstanceOfSatisfying(AudioFailure.class, f -> assertThat(f.status()).isEqualTo(413));
            assertThat(tempUploads()).isEqualTo(before);
        }

        @Test
        void anEmptyFileAMissingFileAndNonAudioAre400() throws Exception {
            assertThatThrownBy(() -> reader.read(multipart(new byte[0], "file"))).hasMessageContaining("empty");
            assertThatThrownBy(() -> reader.read(multipart(wav(64), "audio"))).hasMessageContaining("'file' field");
            assertThatThrownBy(() -> reader.read(multipart("hello".getBytes(StandardCharsets.UTF_8), "file")))
                    .hasMessageContaining("not audio");
        }

        @Test
        void aBodyThatIsNotMultipartIs400() {
            MockHttpServletRequest json = new MockHttpServletRequest("POST", "/v1/audio/transcriptions");
            json.setContentType("application/json");
            json.setContent("{}".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> reader.read(json)).isInstanceOfSatisfying(AudioFailure.class, f -> assertThat(f.status()).isEqualTo(400));
        }

        private long tempUploads() throws Exception {
            try (var files = Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
                return files.filter(f -> f.getFileName().toString().startsWith("sparkcontrol-audio-")).count();
            }
        }
    }
}

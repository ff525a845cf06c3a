package com.sparkcontrol.routes;

import com.sparkcontrol.sim.backends.WavScript;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/** OpenAI-style audio uploads for the tests: a scripted WAV as {@code file}, plus {@code model}. */
final class Multipart {

    private static final String BOUNDARY = "spark-control-test-boundary";

    private Multipart() {}

    static HttpRequest wavUpload(String url, String model) {
        byte[] wav = WavScript.builder().secondsPerWord(0.3).turn("bm_george", "Good morning everyone").build();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        write(body, "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n" + model + "\r\n");
        write(body, "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"meeting.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n");
        body.writeBytes(wav);
        write(body, "\r\n--" + BOUNDARY + "--\r\n");
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}

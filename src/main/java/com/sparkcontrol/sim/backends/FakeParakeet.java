package com.sparkcontrol.sim.backends;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A simulated Parakeet ASR service: NIM readiness ({@code /v1/health/ready}) and the OpenAI-shaped
 * {@code POST /v1/audio/transcriptions} of the community FastAPI server (json, text, verbose_json with
 * segments and word timestamps, srt, vtt). It "hears" what a {@link WavScript} says, or stand-in words
 * for other WAVs; anything that is not a WAV is refused with 400.
 */
public class FakeParakeet extends GpuAudioBackend {

    public static final String TRANSCRIPTIONS = "/v1/audio/transcriptions";

    public FakeParakeet(int port) {
        super("parakeet", port);
        get("/healthz", x -> x.sendJson(200, SimJson.object().put("status", "ok")));
        postWork(TRANSCRIPTIONS, x -> audioWork(x, this::transcribe));
    }

    /** Transcription requests received (including those a fault answered). */
    public long transcriptionCount() {
        return requestCount(TRANSCRIPTIONS);
    }

    private void transcribe(SimExchange exchange, MultipartUpload upload) throws IOException {
        Optional<MultipartUpload.FilePart> file = requiredFile(exchange, upload);
        if (file.isEmpty()) {
            return;
        }
        String format = upload.field("response_format").orElse("json").trim();
        if (!List.of("json", "text", "verbose_json", "srt", "vtt").contains(format)) {
            exchange.sendJson(400, FastApiErrors.detail("Unsupported response_format '" + format
                    + "'. Use one of: json, text, verbose_json, srt, vtt"));
            return;
        }
        HeardAudio audio;
        try {
            audio = HeardAudio.hear(file.get().path());
        } catch (HeardAudio.NotAudio e) {
            exchange.sendJson(400, FastApiErrors.detail(e.getMessage()));
            return;
        }
        Transcript transcript = new Transcript(audio);
        switch (format) {
            case "text" -> exchange.sendText(200, "text/plain; charset=utf-8", transcript.text());
            case "srt" -> exchange.sendText(200, "application/x-subrip", transcript.srt());
            case "vtt" -> exchange.sendText(200, "text/vtt; charset=utf-8", transcript.vtt());
            case "verbose_json" -> {
                List<String> granularities = new ArrayList<>(upload.fields("timestamp_granularities[]"));
                granularities.addAll(upload.fields("timestamp_granularities"));
                String language = upload.field("language").filter(l -> !l.isBlank()).orElse("auto");
                exchange.sendJson(200, transcript.verbose(language, granularities.contains("word")));
            }
            default -> exchange.sendJson(200, transcript.json());
        }
    }
}

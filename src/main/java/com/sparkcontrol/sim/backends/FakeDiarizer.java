package com.sparkcontrol.sim.backends;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A simulated per-chunk diarizer (Sortformer + TitaNet, as patched into the Parakeet container):
 * {@code POST /v1/audio/diarize-chunk} answers who spoke when in the uploaded chunk, with labels local to
 * the chunk in order of first speech, times on Sortformer's 80 ms frame grid, and a voice fingerprint per
 * label. At most four speakers are told apart, as Sortformer 4spk does; later voices are labelled
 * {@code Speaker_3}.
 */
public class FakeDiarizer extends GpuAudioBackend {

    public static final String DIARIZE_CHUNK = "/v1/audio/diarize-chunk";
    public static final int MAX_SPEAKERS = 4;

    public FakeDiarizer(int port) {
        super("diarizer", port);
        postWork(DIARIZE_CHUNK, x -> {
            if (!endpointInstalled.getAsBoolean()) {
                x.sendJson(404, FastApiErrors.detail("Not Found")); // FastAPI's answer for a route nobody added
                return;
            }
            audioWork(x, this::diarize);
        });
    }

    private volatile java.util.function.BooleanSupplier endpointInstalled = () -> true;

    /**
     * In production the endpoint exists only while the diarization overlay is inside the Parakeet container;
     * the simulator asks this (e.g. "are the overlay files in parakeet-asr?") on every request.
     */
    public void setEndpointInstalled(java.util.function.BooleanSupplier installed) {
        this.endpointInstalled = installed;
    }

    public long diarizeCount() {
        return requestCount(DIARIZE_CHUNK);
    }

    private void diarize(SimExchange exchange, MultipartUpload upload) throws IOException {
        Optional<MultipartUpload.FilePart> file = requiredFile(exchange, upload);
        if (file.isEmpty()) {
            return;
        }
        HeardAudio audio;
        try {
            audio = HeardAudio.hear(file.get().path());
        } catch (HeardAudio.NotAudio e) {
            exchange.sendJson(400, FastApiErrors.detail(e.getMessage()));
            return;
        }
        exchange.sendJson(200, answer(audio, file.get().size()));
    }

    private static ObjectNode answer(HeardAudio audio, long fileSize) {
        Map<Integer, String> labels = new LinkedHashMap<>();
        Map<String, Integer> voiceOfLabel = new LinkedHashMap<>();
        ObjectNode body = SimJson.object().put("duration", Math.round(audio.duration() * 1000) / 1000.0);
        ArrayNode segments = body.putArray("segments");
        for (HeardAudio.Turn turn : audio.turns()) {
            String label = labels.computeIfAbsent(turn.hz(),
                    hz -> "Speaker_" + Math.min(labels.size(), MAX_SPEAKERS - 1));
            voiceOfLabel.putIfAbsent(label, turn.hz());
            double start = Math.floor(turn.start() / ToneSegmenter.FRAME_SECONDS + 1e-9) * ToneSegmenter.FRAME_SECONDS;
            double end = Math.min(audio.duration(),
                    Math.ceil(turn.end() / ToneSegmenter.FRAME_SECONDS - 1e-9) * ToneSegmenter.FRAME_SECONDS);
            long confidenceSeed = HeardAudio.mix(turn.hz() * 131L + Math.round(turn.start() * 1000));
            segments.addObject()
                    .put("start_s", Math.round(start * 100) / 100.0)
                    .put("end_s", Math.round(end * 100) / 100.0)
                    .put("speaker", label)
                    .put("confidence", (80 + Math.floorMod(confidenceSeed, 19L)) / 100.0);
        }
        ArrayNode detected = body.putArray("speakers_detected");
        voiceOfLabel.keySet().forEach(detected::add);
        long chunkSeed = HeardAudio.mix(fileSize * 1_000_003L + Math.round(audio.duration() * 1000));
        ObjectNode fingerprints = body.putObject("fingerprints");
        voiceOfLabel.forEach((label, hz) -> {
            ArrayNode vector = fingerprints.putArray(label);
            for (double v : VoiceFingerprints.of(hz, chunkSeed)) {
                vector.add(Math.round(v * 1e6) / 1e6);
            }
        });
        body.putObject("models")
                .put("diarization", "nvidia/diar_sortformer_4spk-v1")
                .put("embedding", "titanet_large");
        return body;
    }
}

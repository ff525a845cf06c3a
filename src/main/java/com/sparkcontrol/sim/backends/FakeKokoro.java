package com.sparkcontrol.sim.backends;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated Kokoro-FastAPI v0.8 server. {@code POST /v1/audio/speech} speaks for real in {@code wav}
 * (with the script in its RIFF INFO chunk, see {@link WavScript}) and {@code pcm}: 24 kHz mono 16-bit, about
 * {@value #SECONDS_PER_CHARACTER} s per character at speed 1, streamed sentence by sentence by default.
 * The compressed formats are refused with a clear 400, since the simulator has no encoder.
 */
public class FakeKokoro extends SimHttpBackend {

    public static final String SPEECH = "/v1/audio/speech";
    public static final double SECONDS_PER_CHARACTER = 0.06;
    public static final Duration DEFAULT_CHUNK_INTERVAL = Duration.ofMillis(10);
    private static final double MIN_SENTENCE_SECONDS = 0.2;
    private static final long MODELS_CREATED = 1686935002L;

    private volatile Duration chunkInterval = DEFAULT_CHUNK_INTERVAL;
    private final AtomicLong abortedStreams = new AtomicLong();

    public FakeKokoro(int port) {
        super("kokoro", port);
        get("/health", x -> x.sendJson(200, SimJson.object().put("status", "healthy")));
        get("/v1/test", x -> x.sendJson(200, SimJson.object().put("status", "ok")));
        get("/v1/models", this::models);
        get("/v1/audio/voices", this::voices);
        postWork(SPEECH, this::speech);
    }

    /** Pause between streamed audio chunks (default 10 ms): synthesis time per sentence. */
    public void setChunkInterval(Duration interval) {
        if (interval == null || interval.isNegative()) {
            throw new IllegalArgumentException("chunk interval must be zero or positive");
        }
        chunkInterval = interval;
    }

    /** Streams whose client went away before the last chunk (synthesis stopped there). */
    public long abortedStreams() {
        return abortedStreams.get();
    }

    public long speechCount() {
        return requestCount(SPEECH);
    }

    @Override
    public void reset() {
        super.reset();
        chunkInterval = DEFAULT_CHUNK_INTERVAL;
        abortedStreams.set(0);
    }

    /** The script FakeKokoro speaks for {@code input}: one turn per sentence, back to back. */
    public static WavScript.Script script(String input, String speaker, double speed) {
        List<WavScript.Turn> turns = new ArrayList<>();
        double at = 0;
        for (String sentence : sentences(input)) {
            double length = Math.max(MIN_SENTENCE_SECONDS, sentence.length() * SECONDS_PER_CHARACTER / speed);
            WavScript.Turn turn = new WavScript.Turn(speaker, at, at + length, sentence);
            turns.add(turn);
            at = turn.end();
        }
        return new WavScript.Script(turns);
    }

    private static List<String> sentences(String input) {
        List<String> sentences = new ArrayList<>();
        for (String sentence : input.strip().split("(?<=[.!?;:])\\s+|\\s*\\n+\\s*")) {
            if (!sentence.isBlank()) {
                sentences.add(sentence.strip());
            }
        }
        return sentences;
    }

    private void models(SimExchange exchange) throws IOException {
        ObjectNode body = SimJson.object().put("object", "list");
        ArrayNode data = body.putArray("data");
        for (String id : List.of("tts-1", "tts-1-hd", "kokoro")) {
            data.addObject().put("id", id).put("object", "model").put("created", MODELS_CREATED).put("owned_by", "kokoro");
        }
        exchange.sendJson(200, body);
    }

    private void voices(SimExchange exchange) throws IOException {
        ObjectNode body = SimJson.object();
        ArrayNode voices = body.putArray("voices");
        boolean legacy = exchange.queryParam("legacy").map(Boolean::parseBoolean).orElse(false);
        for (String voice : KokoroVoices.VOICES) {
            if (legacy) {
                voices.add(voice);
            } else {
                voices.addObject().put("id", voice).put("name", voice);
            }
        }
        exchange.sendJson(200, body);
    }

    private void speech(SimExchange exchange) throws IOException, InterruptedException {
        SpeechRequest request;
        try {
            request = SpeechRequest.parse(readJson(exchange));
        } catch (SpeechRequest.Refused refused) {
            exchange.sendJson(refused.status, refused.body);
            return;
        }
        faults.pause();
        int rate = WavScript.KOKORO_SAMPLE_RATE;
        WavScript.Script script = script(request.input(), request.voice(), request.speed());
        long totalSamples = Math.round(script.end() * rate);
        boolean wav = request.format().equals("wav");
        byte[] header = wav ? WavScript.header(script, totalSamples * 2, rate) : new byte[0];
        exchange.responseHeader("Content-Disposition", "attachment; filename=speech." + request.format());
        String contentType = "audio/" + request.format();
        if (!request.stream()) {
            byte[] pcm = WavScript.pcm(script, 0, totalSamples, rate);
            byte[] body = new byte[header.length + pcm.length];
            System.arraycopy(header, 0, body, 0, header.length);
            System.arraycopy(pcm, 0, body, header.length, pcm.length);
            exchange.sendBytes(200, contentType, body);
            return;
        }
        exchange.responseHeader("X-Accel-Buffering", "no").responseHeader("Cache-Control", "no-cache");
        OutputStream out = exchange.startChunked(200, contentType);
        try {
            if (header.length > 0) {
                out.write(header);
                out.flush();
            }
            long written = 0;
            for (WavScript.Turn turn : script.turns()) {
                sleep(chunkInterval);
                long until = Math.min(totalSamples, Math.round(turn.end() * rate));
                out.write(WavScript.pcm(script, written, until, rate));
                out.flush();
                written = until;
            }
            if (written < totalSamples) {
                out.write(WavScript.pcm(script, written, totalSamples, rate));
                out.flush();
            }
        } catch (IOException clientGone) {
            abortedStreams.incrementAndGet();
            throw clientGone;
        }
    }

    /** The JSON body; malformed JSON is pydantic's 422 json_invalid, thrown as a refusal. */
    private static JsonNode readJson(SimExchange exchange) throws IOException, SpeechRequest.Refused {
        try {
            return SimJson.MAPPER.readTree(exchange.readSmallBody());
        } catch (JsonProcessingException e) {
            throw new SpeechRequest.Refused(422, FastApiErrors.validation(FastApiErrors.item("json_invalid",
                    "JSON decode error", SimJson.object(), SimJson.object().put("error", e.getOriginalMessage()),
                    "body", 1)));
        }
    }

    private static void sleep(Duration interval) throws InterruptedException {
        if (!interval.isZero()) {
            Thread.sleep(interval.toMillis());
        }
    }
}

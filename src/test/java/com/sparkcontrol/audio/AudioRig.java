package com.sparkcontrol.audio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sparkcontrol.config.BackendUrls;
import com.sparkcontrol.config.SparkControlProperties;
import com.sparkcontrol.config.SparkNodes;
import com.sparkcontrol.events.EventBus;
import com.sparkcontrol.sim.backends.FakeDiarizer;
import com.sparkcontrol.sim.backends.FakeParakeet;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The audio routes in a plain Camel context, wired by hand exactly as Spring wires them, in front of the
 * simulator's fake Parakeet and diarizer on loopback: the guard and the flows over real HTTP, without
 * starting the whole application (so tuning such as timeouts can differ per test).
 */
final class AudioRig implements AutoCloseable {

    static final String SAME_AS_PARAKEET = "same-as-parakeet";

    final FakeParakeet parakeet = new FakeParakeet(0);
    final FakeDiarizer diarizer = new FakeDiarizer(0);
    final AudioProperties properties;
    final EventBus events = new EventBus();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ParakeetGuard guard;
    final SpeakerSessions sessions;
    final TranscriptionCapability capability;
    final CamelContext camel = new DefaultCamelContext();
    final AudioFlows flows;

    AudioRig(Map<String, String> audioSettings) throws Exception {
        this(audioSettings, null);
    }

    /** With {@code parakeetUrl} set, transcription goes there instead of to the fake Parakeet. */
    AudioRig(Map<String, String> audioSettings, String parakeetUrl) throws Exception {
        this(audioSettings, parakeetUrl, null);
    }

    /** With {@code diarizerUrl} set, diarization goes there (the fake Parakeet's URL makes it one container). */
    AudioRig(Map<String, String> audioSettings, String parakeetUrl, String diarizerUrl) throws Exception {
        parakeet.up();
        diarizer.up();
        Map<String, String> settings = new HashMap<>();
        settings.put("spark-control.parakeet.url", parakeetUrl != null ? parakeetUrl : parakeet.baseUrl());
        String parakeetBase = settings.get("spark-control.parakeet.url");
        settings.put("spark-control.diarizer.url", SAME_AS_PARAKEET.equals(diarizerUrl) ? parakeetBase
                : diarizerUrl != null ? diarizerUrl : diarizer.baseUrl());
        audioSettings.forEach((k, v) -> settings.put("spark-control.audio." + k, v));
        Binder binder = new Binder(new MapConfigurationPropertySource(settings));
        SparkControlProperties cluster = binder.bindOrCreate("spark-control", SparkControlProperties.class);
        properties = binder.bindOrCreate("spark-control.audio", AudioProperties.class);
        BackendUrls urls = new BackendUrls(cluster, new SparkNodes(cluster));
        ObjectMapper json = new ObjectMapper();

        CircuitBreaker transcriptionBreaker = new AudioBreakers().audioTranscriptionBreaker(properties);
        CircuitBreaker diarizationBreaker = new AudioBreakers().audioDiarizationBreaker(properties);
        camel.getRegistry().bind(AudioBackend.TRANSCRIPTION.breakerBean(), transcriptionBreaker);
        camel.getRegistry().bind(AudioBackend.DIARIZATION.breakerBean(), diarizationBreaker);
        guard = new ParakeetGuard(properties, urls, events, new BreakerProbe(urls, events), meters,
                transcriptionBreaker, diarizationBreaker);
        sessions = new SpeakerSessions(properties);
        capability = new TranscriptionCapability(properties);
        RenderTranscript render = new RenderTranscript(json, capability);
        camel.addRoutes(new ParakeetGuardRoute(guard, new CallBackend(properties, urls)));
        camel.addRoutes(new TranscriptionRoute(new PrepareTranscription(capability), render));
        camel.addRoutes(new DiarizeChunkRoute(new LabelSpeakers(json, sessions)));
        camel.addRoutes(new TranscribeWithSpeakersRoute(new PlanChunks(properties, capability, sessions),
                new ChunkSteps(json, render, capability), new SpeakerTurns(render, capability), new MergeSpeakerTranscript(json)));
        camel.start();
        flows = new AudioFlows(camel.createProducerTemplate());
    }

    /** Uploads as {@link UploadReader} leaves them: the audio in a temp file (deleted on close). */
    static AudioUpload upload(byte[] audio, Map<String, List<String>> fields) throws IOException {
        Path file = Files.createTempFile("audio-rig-", ".wav");
        Files.write(file, audio);
        AudioFormat format = AudioFormat.detect(audio, Math.min(audio.length, AudioFormat.HEAD_BYTES)).orElseThrow();
        return new AudioUpload(fields, file, "test.wav", audio.length, format);
    }

    AudioAnswer transcribe(byte[] audio, Map<String, List<String>> fields) throws Exception {
        try (AudioUpload upload = upload(audio, fields)) {
            return flows.run("direct:audio-transcribe",
                    Map.of(AudioUpload.PROPERTY, upload, TranscriptionRequest.PROPERTY, TranscriptionRequest.from(upload)),
                    AudioAnswer.class);
        }
    }

    AudioAnswer diarize(byte[] audio, String sessionId, Double offset) throws Exception {
        try (AudioUpload upload = upload(audio, Map.of())) {
            Map<String, Object> properties = new HashMap<>();
            properties.put(AudioUpload.PROPERTY, upload);
            if (sessionId != null) {
                properties.put(LabelSpeakers.SESSION_PROPERTY, sessionId);
            }
            if (offset != null) {
                properties.put(LabelSpeakers.OFFSET_PROPERTY, offset);
            }
            return flows.run("direct:audio-diarize", properties, AudioAnswer.class);
        }
    }

    AudioAnswer transcribeWithSpeakers(byte[] audio) throws Exception {
        try (AudioUpload upload = upload(audio, Map.of())) {
            return flows.run("direct:audio-transcribe-with-speakers", Map.of(AudioUpload.PROPERTY, upload), AudioAnswer.class);
        }
    }

    @Override
    public void close() {
        camel.stop();
        parakeet.down();
        diarizer.down();
    }
}

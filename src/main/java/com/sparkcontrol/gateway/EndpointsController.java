package com.sparkcontrol.gateway;

import com.sparkcontrol.config.BackendUrls.Backend;
import com.sparkcontrol.gateway.BackendReadiness.ModelCard;
import com.sparkcontrol.gateway.BackendReadiness.Readiness;
import com.sparkcontrol.llm.SwapGate;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * {@code GET /api/endpoints}: discovery for LAN apps. Every base URL points at this gateway, never at a
 * Spark, so apps configure one address and follow swaps without changes. Per service: ready flag, the models it
 * serves (the LLM's context length), Kokoro's voices, what it can do, and during a swap which model is loading.
 */
@RestController
class EndpointsController {

    private final BackendReadiness readiness;
    private final ObjectProvider<SwapGate> swapGate;

    EndpointsController(BackendReadiness readiness, ObjectProvider<SwapGate> swapGate) {
        this.readiness = readiness;
        this.swapGate = swapGate;
    }

    @GetMapping("/api/endpoints")
    Map<String, Object> endpoints(HttpServletRequest request) {
        String origin = ServletUriComponentsBuilder.fromContextPath(request).replacePath("").build().toUriString();
        String v1 = origin + "/v1";
        Map<String, Object> services = new LinkedHashMap<>();
        Map<String, Object> llm = service(Backend.LLM, v1, List.of("chat", "completions", "streaming", "embeddings"),
                Map.of("chat", v1 + "/chat/completions", "completions", v1 + "/completions", "models", v1 + "/models"));
        SwapGate gate = swapGate.getIfAvailable();
        if (gate != null) {
            gate.unavailable().ifPresent(swap -> {
                llm.put("ready", false);
                Map<String, Object> swapping = new LinkedHashMap<>();
                swapping.put("model", swap.model());
                swapping.put("state", swap.state());
                swapping.put("eta_seconds", swap.eta() == null ? null : swap.eta().toSeconds());
                llm.put("swap", swapping);
            });
        }
        services.put("llm", llm);
        services.put("stt", service(Backend.STT, v1, List.of("transcription", "translation"),
                Map.of("transcriptions", v1 + "/audio/transcriptions", "translations", v1 + "/audio/translations")));
        Map<String, Object> tts = service(Backend.TTS, v1, List.of("speech", "streaming", "voices"),
                Map.of("speech", v1 + "/audio/speech", "voices", v1 + "/audio/voices"));
        tts.put("voices", readiness.of(Backend.TTS).voices());
        tts.put("default_voice", DefaultVoice.VOICE);
        services.put("tts", tts);
        services.put("diarization", service(Backend.DIARIZATION, origin + "/api/audio", List.of("diarization", "speaker-fingerprints"),
                Map.of("diarize_chunk", origin + "/api/audio/diarize-chunk", "transcribe_with_speakers", origin + "/api/audio/transcribe-with-speakers")));
        services.put("embeddings", service(Backend.EMBEDDINGS, v1, List.of("embeddings"), Map.of("embeddings", v1 + "/embeddings")));
        services.put("redaction", Map.of("base_url", origin + "/redact/v1", "ready", true, "capabilities", List.of("redaction"),
                "paths", Map.of("redact", origin + "/api/redact")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("base_url", v1);
        body.put("services", services);
        return body;
    }

    private Map<String, Object> service(Backend backend, String baseUrl, List<String> capabilities, Map<String, String> paths) {
        Readiness state = readiness.of(backend);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("base_url", baseUrl);
        entry.put("ready", state.ready());
        entry.put("model", state.model());
        entry.put("models", state.models().stream().map(ModelCard::id).toList());
        if (state.maxModelLen() != null) {
            entry.put("max_model_len", state.maxModelLen());
            entry.put("context_length", state.maxModelLen());
        }
        if (!state.ready()) {
            entry.put("detail", state.detail());
        }
        entry.put("capabilities", capabilities);
        entry.put("paths", paths);
        return entry;
    }
}

package com.sparkcontrol.gateway;

import com.sparkcontrol.config.BackendUrls.Backend;
import com.sparkcontrol.gateway.BackendReadiness.Readiness;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * {@code GET /api/endpoints}: discovery for LAN apps. Every base URL points at this gateway, never at a
 * Spark, so apps configure one address and follow swaps without changes.
 */
@RestController
class EndpointsController {

    private final BackendReadiness readiness;

    EndpointsController(BackendReadiness readiness) {
        this.readiness = readiness;
    }

    @GetMapping("/api/endpoints")
    Map<String, Object> endpoints(HttpServletRequest request) {
        String origin = ServletUriComponentsBuilder.fromContextPath(request).replacePath("").build().toUriString();
        String v1 = origin + "/v1";
        Map<String, Object> services = new LinkedHashMap<>();
        services.put("llm", service(Backend.LLM, v1, Map.of("chat", v1 + "/chat/completions", "completions", v1 + "/completions")));
        services.put("stt", service(Backend.STT, v1, Map.of("transcriptions", v1 + "/audio/transcriptions")));
        services.put("tts", service(Backend.TTS, v1, Map.of("speech", v1 + "/audio/speech", "voices", v1 + "/audio/voices")));
        services.put("diarization", service(Backend.DIARIZATION, origin + "/api/audio",
                Map.of("diarize_chunk", origin + "/api/audio/diarize-chunk", "transcribe_with_speakers", origin + "/api/audio/transcribe-with-speakers")));
        services.put("embeddings", service(Backend.EMBEDDINGS, v1, Map.of("embeddings", v1 + "/embeddings")));
        services.put("redaction", Map.of("base_url", origin + "/redact/v1", "ready", true, "paths",
                Map.of("redact", origin + "/api/redact")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("base_url", v1);
        body.put("services", services);
        return body;
    }

    private Map<String, Object> service(Backend backend, String baseUrl, Map<String, String> paths) {
        Readiness state = readiness.of(backend);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("base_url", baseUrl);
        entry.put("ready", state.ready());
        entry.put("model", state.model());
        if (state.maxModelLen() != null) {
            entry.put("max_model_len", state.maxModelLen());
        }
        if (!state.ready()) {
            entry.put("detail", state.detail());
        }
        entry.put("paths", paths);
        return entry;
    }
}

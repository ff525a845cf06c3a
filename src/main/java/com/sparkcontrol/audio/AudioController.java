package com.sparkcontrol.audio;

import com.sparkcontrol.web.ApiError;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/audio/diarize-chunk} and {@code POST /api/audio/transcribe-with-speakers}: read and validate
 * the upload (and the session fields), hand it to the route, answer its JSON; failures are {@code {"error","detail"}}.
 */
@RestController
class AudioController {

    private static final Logger log = LoggerFactory.getLogger(AudioController.class);
    private static final String SESSION_ID = "[A-Za-z0-9._:-]{1,128}";

    private final UploadReader uploads;
    private final AudioFlows flows;

    AudioController(UploadReader uploads, AudioFlows flows) {
        this.uploads = uploads;
        this.flows = flows;
    }

    @PostMapping("/api/audio/diarize-chunk")
    ResponseEntity<byte[]> diarizeChunk(HttpServletRequest request) throws Exception {
        try (AudioUpload upload = uploads.read(request)) {
            Map<String, Object> properties = new HashMap<>();
            properties.put(AudioUpload.PROPERTY, upload);
            upload.field("session_id").filter(s -> !s.isEmpty()).ifPresent(id -> {
                if (!id.matches(SESSION_ID)) {
                    throw AudioFailure.badRequest("session_id may hold letters, digits and . _ : - (at most 128)", "session_id");
                }
                properties.put(LabelSpeakers.SESSION_PROPERTY, id);
            });
            upload.field("chunk_offset_s").filter(s -> !s.isEmpty()).ifPresent(value -> properties.put(LabelSpeakers.OFFSET_PROPERTY, offset(value)));
            return answer(flows.run("direct:audio-diarize", properties, AudioAnswer.class));
        }
    }

    @PostMapping("/api/audio/transcribe-with-speakers")
    ResponseEntity<byte[]> transcribeWithSpeakers(HttpServletRequest request) throws Exception {
        try (AudioUpload upload = uploads.read(request)) {
            upload.field("language").filter(l -> !l.isEmpty() && !l.matches("(?i)[a-z]{2,3}(-[a-z0-9]{2,8}){0,2}")).ifPresent(l -> {
                throw AudioFailure.badRequest("language must be an ISO-639-1 code such as 'en'", "language");
            });
            return answer(flows.run("direct:audio-transcribe-with-speakers", Map.of(AudioUpload.PROPERTY, upload), AudioAnswer.class));
        }
    }

    private static double offset(String value) {
        try {
            double offset = Double.parseDouble(value);
            if (offset >= 0 && offset < 1e7) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw AudioFailure.badRequest("chunk_offset_s must be a number of seconds, 0 or more", "chunk_offset_s");
    }

    private static ResponseEntity<byte[]> answer(AudioAnswer answer) {
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, answer.contentType()).body(answer.body());
    }

    @ExceptionHandler(AudioFailure.class)
    ResponseEntity<ApiError> failed(AudioFailure failure) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(failure.status());
        if (failure.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(failure.retryAfterSeconds()));
        }
        return response.body(new ApiError(title(failure.status()), failure.getMessage()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> unexpected(Exception e) {
        log.error("audio: unexpected failure", e);
        return ResponseEntity.internalServerError().body(new ApiError("internal error", "see the Spark Control log"));
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "bad request";
            case 413 -> "upload too large";
            case 502 -> "backend error";
            case 503 -> "audio backend unavailable";
            case 504 -> "backend timeout";
            default -> status >= 500 ? "backend error" : "request refused";
        };
    }
}

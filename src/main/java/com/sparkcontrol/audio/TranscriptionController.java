package com.sparkcontrol.audio;

import com.sparkcontrol.gateway.OpenAiError;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/audio/transcriptions}: the OpenAI transcription endpoint. Reads the upload (streamed to a
 * temp file), validates it, hands it to {@code direct:audio-transcribe}; every failure is an OpenAI envelope.
 */
@RestController
class TranscriptionController {

    private static final Logger log = LoggerFactory.getLogger(TranscriptionController.class);

    private final UploadReader uploads;
    private final AudioFlows flows;

    TranscriptionController(UploadReader uploads, AudioFlows flows) {
        this.uploads = uploads;
        this.flows = flows;
    }

    @PostMapping("/v1/audio/transcriptions")
    ResponseEntity<byte[]> transcribe(HttpServletRequest request) throws Exception {
        try (AudioUpload upload = uploads.read(request)) {
            TranscriptionRequest fields = TranscriptionRequest.from(upload);
            AudioAnswer answer = flows.run("direct:audio-transcribe",
                    Map.of(AudioUpload.PROPERTY, upload, TranscriptionRequest.PROPERTY, fields), AudioAnswer.class);
            return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, answer.contentType()).body(answer.body());
        }
    }

    @ExceptionHandler(AudioFailure.class)
    ResponseEntity<byte[]> failed(AudioFailure failure) {
        OpenAiError error = OpenAiError.of(failure.status(), failure.getMessage()).param(failure.param()).code(failure.code());
        ResponseEntity.BodyBuilder response = ResponseEntity.status(failure.status()).header(HttpHeaders.CONTENT_TYPE, "application/json");
        if (failure.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(failure.retryAfterSeconds()));
        }
        return response.body(error.jsonBytes());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<byte[]> unexpected(Exception e) {
        log.error("audio-transcribe: unexpected failure", e);
        return ResponseEntity.status(500).header(HttpHeaders.CONTENT_TYPE, "application/json")
                .body(OpenAiError.of(500, "internal gateway error; see the Spark Control log").jsonBytes());
    }
}

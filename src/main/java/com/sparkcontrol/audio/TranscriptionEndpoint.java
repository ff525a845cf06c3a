package com.sparkcontrol.audio;

import com.sparkcontrol.gateway.OpenAiError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpRequestHandler;

/**
 * {@code POST /v1/audio/transcriptions}: the OpenAI transcription endpoint. Reads the upload (streamed to a
 * temp file), validates it, hands it to {@code direct:audio-transcribe}; every failure is an OpenAI envelope.
 *
 * <p>Mapped by {@link TranscriptionMapping} ahead of the controllers' mapping, where the gateway's {@code /v1/**}
 * entry would take it, and of Camel's platform-http mapping (order -1), where an operator's route could.
 */
@Component
class TranscriptionEndpoint implements HttpRequestHandler {

    static final String PATH = "/v1/audio/transcriptions";
    /** Ahead of Camel's platform-http handler mapping (order -1) and the controllers' (order 0). */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    private static final Logger log = LoggerFactory.getLogger(TranscriptionEndpoint.class);

    private final UploadReader uploads;
    private final AudioFlows flows;

    TranscriptionEndpoint(UploadReader uploads, AudioFlows flows) {
        this.uploads = uploads;
        this.flows = flows;
    }

    @Override
    public void handleRequest(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            response.setHeader(HttpHeaders.ALLOW, "POST");
            write(response, 405, OpenAiError.of(405, request.getMethod() + " is not allowed on " + PATH + "; use POST")
                    .code("method_not_allowed"), null);
            return;
        }
        try (AudioUpload upload = uploads.read(request)) {
            TranscriptionRequest fields = TranscriptionRequest.from(upload);
            AudioAnswer answer = flows.run("direct:audio-transcribe",
                    Map.of(AudioUpload.PROPERTY, upload, TranscriptionRequest.PROPERTY, fields), AudioAnswer.class);
            response.setStatus(200);
            response.setContentType(answer.contentType());
            response.setContentLength(answer.body().length);
            response.getOutputStream().write(answer.body());
        } catch (AudioFailure failure) {
            write(response, failure.status(), OpenAiError.of(failure.status(), failure.getMessage())
                    .param(failure.param()).code(failure.code()), failure.retryAfterSeconds());
        } catch (Exception e) {
            log.error("audio-transcribe: unexpected failure", e);
            write(response, 500, OpenAiError.of(500, "internal gateway error; see the Spark Control log"), null);
        }
    }

    private static void write(HttpServletResponse response, int status, OpenAiError error, Long retryAfterSeconds) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(status);
        response.setContentType("application/json");
        if (retryAfterSeconds != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }
        byte[] body = error.jsonBytes();
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}

package com.sparkcontrol.audio;

/**
 * A failed audio request with the status and message the client gets: the {@code /v1} edge writes it as an
 * OpenAI envelope, the {@code /api/audio} edge as {@code {"error","detail"}}; {@code retryAfterSeconds} (when
 * set) becomes the {@code Retry-After} header.
 */
public class AudioFailure extends RuntimeException {

    private final int status;
    private final Long retryAfterSeconds;
    private final String param;
    private final String code;

    AudioFailure(int status, String message, Long retryAfterSeconds, String param, String code) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
        this.param = param;
        this.code = code;
    }

    static AudioFailure badRequest(String message, String param) {
        return new AudioFailure(400, message, null, param, null);
    }

    static AudioFailure tooLarge(long limitBytes) {
        return new AudioFailure(413, "the upload is larger than the limit of " + (limitBytes / (1024 * 1024))
                + " MB (spark-control.audio.max-upload-size)", null, "file", "file_too_large");
    }

    static AudioFailure unavailable(String message, long retryAfterSeconds) {
        return new AudioFailure(503, message, Math.max(1, retryAfterSeconds), null, "backend_unavailable");
    }

    /** A backend's 4xx: the client sent something the backend cannot use; 422 (FastAPI's schema error) reads as 400. */
    static AudioFailure refusedByBackend(AudioBackend backend, BackendReply reply) {
        int status = reply.status() == 422 ? 400 : reply.status();
        return new AudioFailure(status, "the " + backend.service() + " backend refused the request: "
                + BackendMessages.detail(reply.body()), null, status == 413 ? "file" : null, "backend_rejected");
    }

    public int status() {
        return status;
    }

    /** Whole seconds (at least 1) or null when retrying would not help. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }
}

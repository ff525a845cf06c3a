package com.sparkcontrol.sim.backends;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Base of the NIM-style audio services on the second Spark (Parakeet, the diarizer): NIM health checks,
 * multipart uploads, and the faults the gateway's Parakeet guard exists for — a storm of 503s with
 * {@code Retry-After}, and the GPU FFT race that makes a second concurrent request fail.
 */
public abstract class GpuAudioBackend extends SimHttpBackend {

    /** Retry-After the FFT race answers with, as the earlier Spark Control did on a wedged GPU. */
    public static final int FFT_RACE_RETRY_AFTER_SECONDS = 60;

    /** Answers one parsed upload. */
    @FunctionalInterface
    interface AudioWork {
        void answer(SimExchange exchange, MultipartUpload upload) throws IOException, InterruptedException;
    }

    private final AtomicInteger stormLeft = new AtomicInteger();
    private volatile int stormSeconds;
    private volatile boolean fftRace;
    private final AtomicInteger processing = new AtomicInteger();

    protected GpuAudioBackend(String name, int port) {
        super(name, port);
        get("/v1/health/ready", x -> x.sendJson(200, SimJson.object().put("ready", true)));
        get("/v1/health/live", x -> x.sendJson(200, SimJson.object().put("live", true)));
    }

    /** The next {@code count} work requests answer 503 with {@code Retry-After: seconds}. */
    public void setRetryAfterStorm(int seconds, int count) {
        if (seconds < 0 || count < 0) {
            throw new IllegalArgumentException("seconds and count must be zero or positive");
        }
        stormSeconds = seconds;
        stormLeft.set(count);
    }

    /** Storm answers still to come. */
    public int stormRemaining() {
        return stormLeft.get();
    }

    /** While on, a work request arriving while another is processing gets 503 with {@code Retry-After: 60}. */
    public void fftRaceOnConcurrency(boolean on) {
        fftRace = on;
    }

    @Override
    public void reset() {
        super.reset();
        stormLeft.set(0);
        fftRace = false;
    }

    /**
     * Reads the whole upload first (FastAPI parses the form before the handler runs), then applies the
     * faults, then the slow/hung faults, then the work.
     */
    final void audioWork(SimExchange exchange, AudioWork work) throws IOException, InterruptedException {
        if (!exchange.mediaType().equals("multipart/form-data")) {
            exchange.body().transferTo(OutputStream.nullOutputStream());
            exchange.sendJson(422, FastApiErrors.missing(null, "body", "file"));
            return;
        }
        MultipartUpload upload;
        try {
            upload = MultipartUpload.read(exchange.header("Content-Type").orElse(null), exchange.body());
        } catch (MultipartUpload.Malformed e) {
            exchange.sendJson(400, FastApiErrors.detail("There was an error parsing the body"));
            return;
        }
        try (upload) {
            if (stormLeft.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                exchange.responseHeader("Retry-After", Integer.toString(stormSeconds));
                exchange.sendJson(503, FastApiErrors.detail("Model is busy (GPU overloaded); retry after "
                        + stormSeconds + " s"));
                return;
            }
            if (processing.incrementAndGet() > 1 && fftRace) {
                processing.decrementAndGet();
                exchange.responseHeader("Retry-After", Integer.toString(FFT_RACE_RETRY_AFTER_SECONDS));
                exchange.sendJson(503, FastApiErrors.detail("cuFFT plan failed: concurrent request on the GPU "
                        + "(send one request at a time); retry later"));
                return;
            }
            exchange.onComplete(processing::decrementAndGet); // the GPU is free before the answer leaves
            faults.pause();
            work.answer(exchange, upload);
        }
    }

    /** The uploaded {@code file}, or empty after answering 422 (missing) or 400 (empty), as FastAPI would. */
    static Optional<MultipartUpload.FilePart> requiredFile(SimExchange exchange, MultipartUpload upload) throws IOException {
        Optional<MultipartUpload.FilePart> file = upload.file("file");
        if (file.isEmpty()) {
            exchange.sendJson(422, FastApiErrors.missing(null, "body", "file"));
        } else if (file.get().size() == 0) {
            exchange.sendJson(400, FastApiErrors.detail("Uploaded file is empty"));
            return Optional.empty();
        }
        return file;
    }
}

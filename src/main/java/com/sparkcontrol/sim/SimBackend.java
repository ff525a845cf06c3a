package com.sparkcontrol.sim;

/**
 * A simulated HTTP backend running "on" a simulated Spark (vLLM, Kokoro, Parakeet, diarizer, embeddings).
 * The simulated {@code docker} command starts and stops these when their container starts and stops,
 * so the backend answers exactly while its container runs, as on real hardware.
 */
public interface SimBackend extends AutoCloseable {

    /** Starts listening on {@link #port()} (idempotent). Until then, connections are refused. */
    void up();

    /** Stops listening: connections are refused, in-flight requests are cut. Idempotent. */
    void down();

    boolean isUp();

    /** The loopback port this backend listens on while up; fixed for the backend's lifetime. */
    int port();

    /** Base URL such as {@code http://127.0.0.1:18000}. */
    default String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    default void close() {
        down();
    }
}

package com.sparkcontrol.audio;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * {@code audio-guard-transcription} and {@code audio-guard-diarization}: every call to a GPU audio backend
 * goes through here. Take the backend's single slot (waiting in the fair queue), call the backend inside the
 * resilience4j breaker (the {@link CallBackend} processor uses the JDK HttpClient, which the EIP does not
 * break; build-notes §3 e2), answer from the fallback when the call failed or the breaker is open, and
 * always hand the slot on.
 */
@Component
class ParakeetGuardRoute extends RouteBuilder {

    private final ParakeetGuard guard;
    private final CallBackend callBackend;

    ParakeetGuardRoute(ParakeetGuard guard, CallBackend callBackend) {
        this.guard = guard;
        this.callBackend = callBackend;
    }

    @Override
    public void configure() {
        // failures go back to the HTTP edge, which answers them; the default handler would log each 4xx/503 as an error
        errorHandler(noErrorHandler());
        for (AudioBackend backend : AudioBackend.values()) {
            from(backend.guardEndpoint()).routeId("audio-guard-" + backend.key())
                    .process(guard.admit(backend))
                    .doTry()
                        .circuitBreaker()
                            .resilience4jConfiguration().circuitBreaker(backend.breakerBean()).end()
                            .process(callBackend)
                        .onFallback()
                            .process(guard.fallback(backend))
                        .endCircuitBreaker()
                    .endDoTry()
                    .doFinally()
                        .process(guard.release(backend))
                    .end();
        }
    }
}

package com.sparkcontrol.audio;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The resilience4j breakers of the Parakeet guard, one bean per backend, referenced by name from the
 * guard routes' {@code circuitBreaker()} EIP and driven from {@link ParakeetGuard} when a backend sends
 * {@code Retry-After}.
 */
@Configuration(proxyBeanMethods = false)
class AudioBreakers {

    @Bean
    CircuitBreaker audioTranscriptionBreaker(AudioProperties properties) {
        return CircuitBreaker.of("audio-transcription", config(properties, AudioBackend.TRANSCRIPTION));
    }

    @Bean
    CircuitBreaker audioDiarizationBreaker(AudioProperties properties) {
        return CircuitBreaker.of("audio-diarization", config(properties, AudioBackend.DIARIZATION));
    }

    static CircuitBreakerConfig config(AudioProperties properties, AudioBackend backend) {
        AudioProperties.Breaker breaker = properties.breaker();
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(breaker.slidingWindowSize())
                .minimumNumberOfCalls(Math.min(breaker.minimumNumberOfCalls(), breaker.slidingWindowSize()))
                .failureRateThreshold(breaker.failureRateThreshold())
                .waitDurationInOpenState(breaker.waitInOpen())
                // after the wait, exactly one probe call decides between closed and open again
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                // only what the backend is to blame for: 5xx, timeouts, refused or broken connections
                .recordException(e -> e instanceof BackendFailure)
                // long files legitimately take minutes; slowness alone is not a failure (the timeout is)
                .slowCallDurationThreshold(backend.timeout(properties).plus(Duration.ofSeconds(1)))
                .writableStackTraceEnabled(false)
                .build();
    }
}

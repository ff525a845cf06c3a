package com.sparkcontrol.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sparkcontrol.sim.backends.WavScript;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The Parakeet guard in front of the simulator's fake Parakeet: one request at a time, and a breaker that honours Retry-After. */
class ParakeetGuardTests {

    private AudioRig rig;

    private AudioRig rig(Map<String, String> settings) throws Exception {
        rig = new AudioRig(settings);
        return rig;
    }

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    private static byte[] speech() {
        return WavScript.builder().sampleRate(16_000).turn("af_heart", "hello from the parakeet guard").build();
    }

    private static final Map<String, List<String>> JSON = Map.of("response_format", List.of("json"));

    @Test
    void eightParallelTranscriptionsReachTheBackendOneAtATimeAndAllSucceed() throws Exception {
        AudioRig rig = rig(Map.of());
        rig.parakeet.fftRaceOnConcurrency(true); // a second request at once would get 503 + Retry-After: 60
        rig.parakeet.setResponseDelay(Duration.ofMillis(150));
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<AudioAnswer>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(clients.submit(() -> rig.transcribe(speech(), JSON)));
            }
            for (Future<AudioAnswer> answer : answers) {
                assertThat(new String(answer.get().body(), StandardCharsets.UTF_8)).contains("hello from the parakeet guard");
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(rig.parakeet.transcriptionCount()).isEqualTo(8);
        assertThat(rig.parakeet.maxConcurrency()).isEqualTo(1);
        assertThat(rig.meters.get("sparkcontrol.audio.queue.wait").tag("backend", "transcription").timer().count()).isEqualTo(8);
    }

    @Test
    void aRetryAfterKeepsTheBreakerOpenThatLongWithNoBackendCallsThenOneProbeClosesIt() throws Exception {
        AudioRig rig = rig(Map.of());
        rig.parakeet.setRetryAfterStorm(3, 1);

        assertThatThrownBy(() -> rig.transcribe(speech(), JSON)).isInstanceOfSatisfying(AudioFailure.class, f -> {
            assertThat(f.status()).isEqualTo(503);
            assertThat(f.retryAfterSeconds()).isBetween(1L, 3L);
        });
        assertThat(rig.guard.breaker(AudioBackend.TRANSCRIPTION).getState()).isEqualTo(CircuitBreaker.State.OPEN);

        // for (nearly) the whole 3 s every client is told to come back, and nothing reaches the backend
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofMillis(2900)).pollInterval(Duration.ofMillis(100))
                .until(() -> refusedWithRetryAfterOfAtMost(rig, 3) && rig.parakeet.transcriptionCount() == 1);

        // then one probe goes through and closes the breaker
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).ignoreExceptionsInstanceOf(AudioFailure.class)
                .untilAsserted(() -> assertThat(new String(rig.transcribe(speech(), JSON).body(), StandardCharsets.UTF_8)).contains("hello"));
        assertThat(rig.parakeet.transcriptionCount()).isEqualTo(2);
        assertThat(rig.guard.breaker(AudioBackend.TRANSCRIPTION).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(rig.events.since(0)).extracting(e -> (Object) ((Map<?, ?>) e.data()).get("breaker"))
                .contains("OPEN", "HALF_OPEN", "CLOSED");
    }

    @Test
    void transcriptionAndDiarizationInOneContainerShareOneSlot() throws Exception {
        AudioRig rig = this.rig = new AudioRig(Map.of(), null, AudioRig.SAME_AS_PARAKEET);
        rig.parakeet.setResponseDelay(Duration.ofMillis(600));
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            Future<AudioAnswer> transcription = clients.submit(() -> rig.transcribe(speech(), JSON));
            await().until(() -> rig.parakeet.inFlight() == 1);
            Future<AudioAnswer> diarization = clients.submit(() -> rig.diarize(speech(), null, null));

            // the diarization waits for the transcription's slot: both live in the one Parakeet container
            await().until(() -> rig.guard.queued(AudioBackend.DIARIZATION) == 1);
            assertThat(rig.guard.snapshot().get("diarization").toString()).contains("sharedSlot=true");
            transcription.get();
            // the fake Parakeet has no diarize-chunk route, as a Parakeet container without the overlay
            assertThatThrownBy(diarization::get).cause().isInstanceOfSatisfying(AudioFailure.class, f -> {
                assertThat(f.status()).isEqualTo(503);
                assertThat(f.getMessage()).contains("reapply-patches");
            });
        } finally {
            clients.shutdownNow();
        }
        assertThat(rig.parakeet.maxConcurrency()).isEqualTo(1);
    }

    private static boolean refusedWithRetryAfterOfAtMost(AudioRig rig, long seconds) throws Exception {
        try {
            rig.transcribe(speech(), JSON);
            return false;
        } catch (AudioFailure f) {
            return f.status() == 503 && f.retryAfterSeconds() >= 1 && f.retryAfterSeconds() <= seconds;
        }
    }

    @Nested
    class Faults {

        @Test
        void aBackendThatHangsTimesOutAndTheBreakerCountsIt() throws Exception {
            AudioRig rig = rig(Map.of("transcription-timeout", "1s"));
            rig.parakeet.hang(true);

            assertThatThrownBy(() -> rig.transcribe(speech(), JSON))
                    .isInstanceOfSatisfying(AudioFailure.class, f -> assertThat(f.status()).isEqualTo(504));
            assertThat(rig.guard.breaker(AudioBackend.TRANSCRIPTION).getMetrics().getNumberOfFailedCalls()).isEqualTo(1);

            // the second failure of two opens the breaker; the third request never reaches the backend
            assertThatThrownBy(() -> rig.transcribe(speech(), JSON)).isInstanceOf(AudioFailure.class);
            assertThat(rig.guard.breaker(AudioBackend.TRANSCRIPTION).getState()).isEqualTo(CircuitBreaker.State.OPEN);
            long calls = rig.parakeet.transcriptionCount();
            assertThatThrownBy(() -> rig.transcribe(speech(), JSON)).isInstanceOfSatisfying(AudioFailure.class, f -> {
                assertThat(f.status()).isEqualTo(503);
                assertThat(f.retryAfterSeconds()).isBetween(1L, 30L);
                assertThat(f.getMessage()).contains("circuit breaker");
            });
            assertThat(rig.parakeet.transcriptionCount()).isEqualTo(calls);
            await().atMost(Duration.ofSeconds(5)).until(() -> rig.guard.snapshot().toString().contains("lastProbe=Probe["));
        }

        @Test
        void aStoppedBackendIsAClear503AndCounts() throws Exception {
            AudioRig rig = rig(Map.of());
            rig.parakeet.down();

            assertThatThrownBy(() -> rig.transcribe(speech(), JSON)).isInstanceOfSatisfying(AudioFailure.class, f -> {
                assertThat(f.status()).isEqualTo(503);
                assertThat(f.retryAfterSeconds()).isPositive();
                assertThat(f.getMessage()).contains("not accepting connections");
            });
            assertThat(rig.guard.breaker(AudioBackend.TRANSCRIPTION).getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
        }

        @Test
        void aFullQueueIsRefusedAtOnceWithRetryAfter() throws Exception {
            AudioRig rig = rig(Map.of("queue-length", "1"));
            rig.parakeet.setResponseDelay(Duration.ofMillis(800));
            ExecutorService clients = Executors.newFixedThreadPool(2);
            try {
                Future<AudioAnswer> first = clients.submit(() -> rig.transcribe(speech(), JSON));
                await().until(() -> rig.parakeet.inFlight() == 1);
                Future<AudioAnswer> second = clients.submit(() -> rig.transcribe(speech(), JSON));
                await().until(() -> rig.guard.queued(AudioBackend.TRANSCRIPTION) == 1);

                assertThatThrownBy(() -> rig.transcribe(speech(), JSON)).isInstanceOfSatisfying(AudioFailure.class, f -> {
                    assertThat(f.status()).isEqualTo(503);
                    assertThat(f.getMessage()).contains("queue is full");
                    assertThat(f.retryAfterSeconds()).isPositive();
                });
                first.get();
                second.get();
            } finally {
                clients.shutdownNow();
            }
            assertThat(rig.parakeet.transcriptionCount()).isEqualTo(2);
        }

        @Test
        void aBackendRefusalIsTheClientsProblemAndDoesNotCount() throws Exception {
            AudioRig rig = rig(Map.of());
            byte[] notReallyWav = "RIFF\0\0\0\0WAVEjunk".getBytes(StandardCharsets.ISO_8859_1);

            assertThatThrownBy(() -> rig.transcribe(notReallyWav, JSON))
                    .isInstanceOfSatisfying(AudioFailure.class, f -> assertThat(f.status()).isEqualTo(400));
            assertThat(rig.guard.breaker(AudioBackend.TRANSCRIPTION).getMetrics().getNumberOfFailedCalls()).isZero();
        }
    }
}

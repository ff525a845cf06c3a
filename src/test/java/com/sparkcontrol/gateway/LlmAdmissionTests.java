package com.sparkcontrol.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sparkcontrol.llm.SwapGate;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.util.unit.DataSize;

/** The during-swap decision with a hand-written {@link SwapGate}; the end-to-end swap test runs at integration. */
class LlmAdmissionTests {

    /** A swap that is loading {@code model} until {@code finishWhenAwaited} lets it finish. */
    static final class Swap implements SwapGate {
        private volatile boolean swapping;
        private final boolean finishWhenAwaited;
        Duration awaited;

        Swap(boolean swapping, boolean finishWhenAwaited) {
            this.swapping = swapping;
            this.finishWhenAwaited = finishWhenAwaited;
        }

        @Override
        public Optional<Unavailable> unavailable() {
            return swapping ? Optional.of(new Unavailable("Qwen/Qwen3-8B", "LOADING", Duration.ofSeconds(37))) : Optional.empty();
        }

        @Override
        public boolean awaitReady(Duration max) {
            awaited = max;
            if (finishWhenAwaited) {
                swapping = false;
            }
            return !swapping;
        }
    }

    @Test
    void withoutASwapFlowTheLlmIsNeverSwapping() {
        assertThatCode(() -> admission(null, GatewayProperties.DuringSwap.REFUSE).admit()).doesNotThrowAnyException();
    }

    @Test
    void admitsWhenNoSwapRuns() {
        assertThatCode(() -> admission(new Swap(false, false), GatewayProperties.DuringSwap.REFUSE).admit()).doesNotThrowAnyException();
    }

    @Test
    void refusesDuringASwapWithTheEtaAsRetryAfterAndTheModelNamed() {
        assertThatThrownBy(() -> admission(new Swap(true, false), GatewayProperties.DuringSwap.REFUSE).admit())
                .isInstanceOfSatisfying(OpenAiFailure.class, failure -> {
                    assertThat(failure.status()).isEqualTo(503);
                    assertThat(failure.retryAfterSeconds()).isEqualTo(37);
                    assertThat(failure.getMessage()).contains("`Qwen/Qwen3-8B` is loading");
                    assertThat(failure.error().errorObject()).containsEntry("code", "model_loading");
                });
    }

    @Test
    void holdWaitsForTheSwapAndThenAdmits() {
        Swap swap = new Swap(true, true);
        assertThatCode(() -> admission(swap, GatewayProperties.DuringSwap.HOLD).admit()).doesNotThrowAnyException();
        assertThat(swap.awaited).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void holdRefusesWhenTheSwapOutlastsTheHoldTimeout() {
        assertThatThrownBy(() -> admission(new Swap(true, false), GatewayProperties.DuringSwap.HOLD).admit())
                .isInstanceOfSatisfying(OpenAiFailure.class, failure -> assertThat(failure.retryAfterSeconds()).isEqualTo(37));
    }

    private static LlmAdmission admission(SwapGate gate, GatewayProperties.DuringSwap mode) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        if (gate != null) {
            beans.addBean("swapGate", gate);
        }
        Duration s = Duration.ofSeconds(1);
        GatewayProperties properties = new GatewayProperties(mode, Duration.ofSeconds(90), s,
                new GatewayProperties.FirstByteTimeout(s, s, s, s, s), s, s, DataSize.ofMegabytes(1), Duration.ofSeconds(5), Map.of());
        return new LlmAdmission(beans.getBeanProvider(SwapGate.class), properties);
    }
}

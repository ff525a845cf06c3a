package com.sparkcontrol.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class GuardSlotTests {

    @Test
    void waitersGetTheSlotInArrivalOrderAndNewcomersDoNotBargeIn() throws Exception {
        GuardSlot slot = new GuardSlot(10, Duration.ofSeconds(10));
        assertThat(slot.acquire()).isEqualTo(GuardSlot.Admission.ACQUIRED);
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<Thread> waiters = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int id = i;
            Thread t = new Thread(() -> {
                try {
                    if (slot.acquire() == GuardSlot.Admission.ACQUIRED) {
                        order.add(id);
                        slot.release();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            waiters.add(t);
            await().until(() -> slot.waiting() == id + 1);
        }
        slot.release();
        for (Thread t : waiters) {
            t.join(5000);
        }
        assertThat(order).containsExactly(0, 1, 2);
    }

    @Test
    void aFullQueueIsRefusedAtOnce() throws Exception {
        GuardSlot slot = new GuardSlot(0, Duration.ofSeconds(10));
        assertThat(slot.acquire()).isEqualTo(GuardSlot.Admission.ACQUIRED);
        assertThat(slot.acquire()).isEqualTo(GuardSlot.Admission.QUEUE_FULL);
        assertThat(slot.suggestedRetrySeconds()).isPositive();
    }

    @Test
    void aWaitLongerThanTheLimitGivesUp() throws Exception {
        GuardSlot slot = new GuardSlot(5, Duration.ofMillis(50));
        slot.acquire();
        assertThat(slot.acquire()).isEqualTo(GuardSlot.Admission.WAITED_TOO_LONG);
        assertThat(slot.waiting()).isZero();
    }
}

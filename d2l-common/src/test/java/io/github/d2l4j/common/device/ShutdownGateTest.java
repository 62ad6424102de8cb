package io.github.d2l4j.common.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Closing the gate waits for the step in flight and holds back the next one. (It runs last in a
 * JVM's life, as a shutdown hook; here it is called directly and opened again afterwards, since
 * other tests share this JVM.)
 */
class ShutdownGateTest {

    @Test
    void closingWaitsForTheStepInFlightAndHoldsBackTheNext() throws Exception {
        CountDownLatch inStep = new CountDownLatch(1);
        AtomicBoolean firstDone = new AtomicBoolean();
        AtomicBoolean secondStarted = new AtomicBoolean();
        Thread trainer = new Thread(() -> {
            ShutdownGate.step(() -> {
                inStep.countDown();
                sleep(300);
                firstDone.set(true);
                return null;
            });
            ShutdownGate.step(() -> {
                secondStarted.set(true);
                return null;
            });
        });
        trainer.setDaemon(true);
        trainer.start();
        inStep.await();
        long start = System.nanoTime();
        assertThat(ShutdownGate.close()).isTrue();
        assertThat(firstDone).isTrue(); // close returned only after the step in flight ended
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(ShutdownGate.WAIT_SECONDS);
        trainer.join(500);
        assertThat(secondStarted).isFalse(); // and the next one has not started
        assertThat(trainer.isAlive()).isTrue(); // it waits at the gate, as it would until the JVM is gone
        ShutdownGate.reopen();
        trainer.join(5000);
        assertThat(secondStarted).isTrue();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}

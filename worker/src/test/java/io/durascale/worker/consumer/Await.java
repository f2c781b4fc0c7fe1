package io.durascale.worker.consumer;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes — never a fixed sleep followed by an assertion. */
public final class Await {

    private static final long POLL_MILLIS = 50;

    private Await() {
    }

    /** Waits until the condition holds; fails naming it, and the last observed state, at the deadline. */
    public static void until(Duration deadline, String condition, BooleanSupplier check) {
        until(deadline, condition, check, () -> "");
    }

    public static void until(Duration deadline, String condition, BooleanSupplier check, Supplier<String> state) {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            if (check.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > end) {
                String observed = state.get();
                throw new AssertionError("not within " + deadline.toSeconds() + " s: " + condition
                        + (observed.isEmpty() ? "" : " (last seen: " + observed + ")"));
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + condition);
            }
        }
    }
}

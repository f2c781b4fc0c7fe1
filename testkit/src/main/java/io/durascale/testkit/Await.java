package io.durascale.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits on a condition with a deadline — never a fixed sleep followed by an assertion. A thin layer on
 * Awaitility that names the condition and, at the deadline, what was last observed.
 */
public final class Await {

    private static final Duration POLL = Duration.ofMillis(50);

    private Await() {
    }

    /** Waits until the condition holds; fails naming it at the deadline. */
    public static void until(Duration deadline, String condition, BooleanSupplier check) {
        until(deadline, condition, check, () -> "");
    }

    /** As {@link #until(Duration, String, BooleanSupplier)}, adding {@code state} (what was last seen) to the failure. */
    public static void until(Duration deadline, String condition, BooleanSupplier check, Supplier<String> state) {
        try {
            Awaitility.await(condition).atMost(deadline).pollDelay(Duration.ZERO).pollInterval(POLL)
                    .until(check::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            String observed = state.get();
            throw new AssertionError("not within " + deadline.toSeconds() + " s: " + condition
                    + (observed.isEmpty() ? "" : " (last seen: " + observed + ")"), e);
        }
    }

    /** Waits until {@code value} yields a non-null result and returns it; fails naming it at the deadline. */
    public static <T> T value(Duration deadline, String condition, Supplier<T> value) {
        try {
            return Awaitility.await(condition).atMost(deadline).pollDelay(Duration.ZERO).pollInterval(POLL)
                    .until(value::get, v -> v != null);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not within " + deadline.toSeconds() + " s: " + condition, e);
        }
    }
}

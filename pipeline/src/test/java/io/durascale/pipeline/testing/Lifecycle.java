package io.durascale.pipeline.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;

/**
 * What a fixture has started, closed in reverse order. A start that throws closes what was
 * started before it, so a failed fixture leaves no server, worker or client behind.
 */
final class Lifecycle implements AutoCloseable {

    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    /** Starts one part; if it throws, closes every part started so far and rethrows. */
    <T extends AutoCloseable> T start(Supplier<T> starter) {
        T part;
        try {
            part = starter.get();
        } catch (RuntimeException | Error e) {
            closeQuietly(e);
            throw e;
        }
        started.push(part);
        return part;
    }

    /** Closes every part, last started first; the first failure is thrown once all are closed. */
    @Override
    public void close() {
        RuntimeException first = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void closeQuietly(Throwable cause) {
        try {
            close();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}

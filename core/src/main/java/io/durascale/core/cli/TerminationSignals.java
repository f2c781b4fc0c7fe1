package io.durascale.core.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM and SIGINT as requests, not as exits: the first starts a graceful drain, the second
 * gives up on it. Handling the signal (rather than a shutdown hook) lets the worker finish its
 * jobs and then exit with status 0, which Kubernetes and the local stack read as a clean stop.
 */
public final class TerminationSignals {

    private static final Logger log = LoggerFactory.getLogger(TerminationSignals.class);

    private TerminationSignals() {
    }

    /**
     * @param first on the first signal (start draining)
     * @param second on a second signal (stop now)
     * @param hook if signals cannot be handled: run in a shutdown hook (drain and wait)
     */
    public static void install(Runnable first, Runnable second, Runnable hook) {
        java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
        boolean[] hooked = {false};
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                    if (received.incrementAndGet() == 1) {
                        log.info("SIG{} received: draining", signal.getName());
                        first.run();
                    } else {
                        log.warn("SIG{} received again: releasing unfinished jobs and stopping", signal.getName());
                        second.run();
                    }
                });
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // The JVM reserves the signal (e.g. -Xrs): fall back to a hook, which drains but exits with 128+signal.
                log.warn("cannot handle SIG{} ({}); draining from a shutdown hook instead", name, e.getMessage());
                if (!hooked[0]) {
                    hooked[0] = true;
                    Runtime.getRuntime().addShutdownHook(new Thread(hook, "durascale-drain-on-exit"));
                }
            }
        }
    }
}

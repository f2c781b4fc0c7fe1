package io.durascale.core.job;

import java.util.regex.Pattern;

/** Queue names: the jobs queue and its poison queue, as Azure Functions names them. */
public final class JobQueues {

    public static final String DEFAULT_QUEUE = "compute-jobs";
    public static final String POISON_SUFFIX = "-poison";
    /** The most jobs one worker holds from the queue at once (its --concurrency), checked wherever a worker is configured. */
    public static final int MAX_WORKER_CONCURRENCY = 256;

    private static final Pattern QUEUE_NAME = Pattern.compile("[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]");

    private JobQueues() {
    }

    /** {@code <queue>-poison}. */
    public static String poisonQueue(String queue) {
        return checkJobsQueue(queue) + POISON_SUFFIX;
    }

    /**
     * Checks a jobs queue name against Azure's rules (3–63 lower-case letters, digits and single
     * dashes) with room for the poison suffix.
     *
     * @throws IllegalArgumentException saying which rule the name breaks
     */
    public static String checkJobsQueue(String queue) {
        if (queue == null || queue.length() < 3 || queue.length() > 63 - POISON_SUFFIX.length()) {
            throw new IllegalArgumentException("queue name '" + queue + "' must have 3 to " + (63 - POISON_SUFFIX.length())
                    + " characters (Azure allows 63, and '" + POISON_SUFFIX + "' is appended for its poison queue)");
        }
        if (!QUEUE_NAME.matcher(queue).matches()) {
            throw new IllegalArgumentException("queue name '" + queue + "' may only have lower-case letters, digits and "
                    + "single dashes, starting and ending with a letter or digit");
        }
        if (queue.endsWith(POISON_SUFFIX)) {
            throw new IllegalArgumentException("queue name '" + queue + "' is itself a poison queue");
        }
        return queue;
    }
}

package io.durascale.pipeline.local.keda;

import java.util.Locale;

/** KEDA azure-queue {@code queueLengthStrategy} (KEDA 2.15+): which messages the scaler counts. */
public enum QueueLengthStrategy {

    /** Visible and invisible (in-flight) messages: the queue's approximate message count. KEDA's default. */
    ALL("all"),
    /** Visible messages only, by peeking up to 32; from 32 visible on, the approximate count as for {@link #ALL}. */
    VISIBLE_ONLY("visibleonly");

    private final String keda;

    QueueLengthStrategy(String keda) {
        this.keda = keda;
    }

    /** The value as a ScaledObject's trigger metadata spells it. */
    public String kedaName() {
        return keda;
    }

    /**
     * Parses the trigger metadata value, case-insensitively as KEDA does.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static QueueLengthStrategy parse(String value) {
        if (value != null) {
            String lower = value.toLowerCase(Locale.ROOT);
            for (QueueLengthStrategy strategy : values()) {
                if (strategy.keda.equals(lower)) {
                    return strategy;
                }
            }
        }
        throw new IllegalArgumentException("queueLengthStrategy must be all or visibleonly, got '" + value + "'");
    }

    @Override
    public String toString() {
        return keda;
    }
}

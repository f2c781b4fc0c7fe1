package io.durascale.pipeline.local.keda;

/** A queue whose length a test sets; counts the reads, and can fail. */
public final class FakeQueueMetric implements QueueMetric {

    public volatile long visible;
    public volatile long invisible;
    public volatile RuntimeException failure;
    public int approximateReads;
    public int peeks;

    public FakeQueueMetric messages(long count) {
        visible = count;
        invisible = 0;
        return this;
    }

    @Override
    public long approximateMessageCount() {
        approximateReads++;
        if (failure != null) {
            throw failure;
        }
        return visible + invisible;
    }

    @Override
    public int peekVisible(int max) {
        peeks++;
        if (failure != null) {
            throw failure;
        }
        return (int) Math.min(visible, max);
    }
}

package io.durascale.pipeline.local;

/** A queue whose length a test sets; counts the reads, and can fail. */
final class FakeQueueMetric implements QueueMetric {

    volatile long visible;
    volatile long invisible;
    volatile RuntimeException failure;
    int approximateReads;
    int peeks;

    FakeQueueMetric messages(long count) {
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

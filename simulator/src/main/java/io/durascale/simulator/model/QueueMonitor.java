package io.durascale.simulator.model;

import io.durascale.run.timeline.TimelineEvent.QueueDepth;
import io.durascale.simulator.engine.EventLoop;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The load tests' task hub monitor, simulated: every {@code monitorInterval} the approximate depth of each control
 * queue ({@code <hub>-control-NN}), the work-item queue and the compute-jobs queue, as {@code queue} lines.
 */
final class QueueMonitor implements EventLoop.Action {

    private final EventLoop loop;
    private final Recorder recorder;
    private final Supplier<Pipeline> current;
    private final long interval;
    private boolean stopped;

    QueueMonitor(EventLoop loop, Recorder recorder, Supplier<Pipeline> current, long intervalMillis) {
        this.loop = loop;
        this.recorder = recorder;
        this.current = current;
        this.interval = intervalMillis;
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        if (stopped) {
            return;
        }
        Pipeline p = current.get();
        if (p != null) {
            long t = loop.now();
            String hub = p.hub.toLowerCase(Locale.ROOT);
            TaskHub taskHub = p.taskHub();
            for (int i = 0; i < taskHub.partitions(); i++) {
                recorder.record(new QueueDepth(t, String.format(Locale.ROOT, "%s-control-%02d", hub, i),
                        taskHub.controlQueueDepth(i)));
            }
            recorder.record(new QueueDepth(t, hub + "-workitems", taskHub.workItemDepth()));
            recorder.record(new QueueDepth(t, p.jobs().limit().name().substring("queue ".length()),
                    p.jobs().approximateMessageCount()));
        }
        loop.after(interval, this);
    }
}

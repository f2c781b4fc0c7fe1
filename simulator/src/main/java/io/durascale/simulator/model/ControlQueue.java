package io.durascale.simulator.model;

import io.durascale.simulator.engine.EventLoop;
import io.durascale.simulator.profile.Parameter;
import io.durascale.simulator.profile.Profile;
import java.util.ArrayDeque;

/**
 * One partition's control queue, for the messages that reach it through storage (a start or an event that landed on
 * a host that does not own the partition): its owner receives up to {@code controlQueueBatchSize} at a time, at once
 * while it finds messages and with a back-off to {@code controlQueuePollMax} while it finds none (DTFx's
 * control-queue polling).
 */
final class ControlQueue implements EventLoop.Action {

    static final int START = 0;
    static final int RESULT = 1;
    static final int EVENT = 2;
    private static final long FIRST_POLL_MS = 100;

    private record Message(Instance instance, int kind) {
    }

    private final ArrayDeque<Message> messages = new ArrayDeque<>();
    private final EventLoop loop;
    private final Storage storage;
    private final TaskHub hub;
    private final Resource limit;
    private final int batch;
    private final long pollMax;
    private long idleSince;
    private boolean pollScheduled;

    ControlQueue(int partition, Profile profile, EventLoop loop, Storage storage, TaskHub hub) {
        this.loop = loop;
        this.storage = storage;
        this.hub = hub;
        this.limit = storage.queue("control-" + partition);
        this.batch = profile.integer(Parameter.CONTROL_QUEUE_BATCH_SIZE);
        this.pollMax = profile.millis(Parameter.CONTROL_QUEUE_POLL_MAX);
        this.idleSince = loop.now();
    }

    Resource limit() {
        return limit;
    }

    void add(Instance instance, int kind) {
        messages.addLast(new Message(instance, kind));
        if (!pollScheduled) {
            pollScheduled = true;
            loop.at(PollSchedule.next(idleSince, loop.now(), FIRST_POLL_MS, pollMax), this);
        }
    }

    /** The owner's receive. */
    @Override
    public void run() {
        pollScheduled = false;
        long done = storage.reserve(loop.now(), 1, 0, 0, limit, 0);
        for (int i = 0; i < batch && !messages.isEmpty(); i++) {
            Message m = messages.pollFirst();
            hub.deliver(m.instance(), m.kind());
        }
        if (messages.isEmpty()) {
            idleSince = done;
        } else {
            pollScheduled = true;
            loop.at(done, this);
        }
    }

    long depth() {
        return messages.size();
    }
}

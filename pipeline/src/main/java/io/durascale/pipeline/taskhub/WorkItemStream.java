package io.durascale.pipeline.taskhub;

import io.durascale.pipeline.taskhub.model.WorkItem;
import java.net.SocketAddress;

/**
 * A worker's GetWorkItems stream as the task hub sees it: where to send work items, whether it
 * can take one now, and the connection it came in on. The gRPC edge adapts its response
 * stream to this; the task hub never sees protocol types.
 */
public interface WorkItemStream {

    /** Sends one item; throws if the stream broke (the item is then handed to another worker). */
    void send(WorkItem item);

    /** Whether the stream can take an item without buffering (gRPC flow control). */
    boolean isReady();

    /** The connection the stream came in on; null when unknown. */
    SocketAddress remote();

    /** Runs {@code handler} when the worker goes away. */
    void onCancel(Runnable handler);

    /** Runs {@code handler} when the stream can take items again. */
    void onReady(Runnable handler);
}

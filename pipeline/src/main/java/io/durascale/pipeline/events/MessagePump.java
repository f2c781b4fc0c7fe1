package io.durascale.pipeline.events;

import com.azure.core.util.BinaryData;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.models.QueueMessageItem;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one queue: receive in batches, handle each message, delete it once handled. A message
 * the handler cannot use ({@link Unprocessable}) moves to a dead-letter queue with the reason; one
 * that fails otherwise is retried when its visibility runs out, and dead-lettered after
 * {@code maxDequeueCount} deliveries. Nothing is dropped without a trace.
 */
final class MessagePump implements AutoCloseable {

    /** What to do with one message body; throw {@link Unprocessable} for messages that can never work. */
    interface Handler {
        void handle(String body) throws Exception;
    }

    /** The message can never be handled: dead-letter it with this reason. */
    static final class Unprocessable extends Exception {
        private static final long serialVersionUID = 1L;

        Unprocessable(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(MessagePump.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final QueueClient queue;
    private final QueueClient deadLetter;
    private final Handler handler;
    private final Duration visibility;
    private final int maxDequeueCount;
    private final ExecutorService workers;
    private final Semaphore slots;
    private final Thread thread;
    private final AtomicLong handled = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile boolean running = true;

    MessagePump(String name, QueueClient queue, QueueClient deadLetter, Handler handler, Duration visibility,
                int maxDequeueCount, int parallelism) {
        this.name = name;
        this.queue = queue;
        this.deadLetter = deadLetter;
        this.handler = handler;
        this.visibility = visibility;
        this.maxDequeueCount = maxDequeueCount;
        this.workers = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, name + "-handler");
            t.setDaemon(true);
            return t;
        });
        this.slots = new Semaphore(parallelism * 2);
        this.thread = new Thread(this::loop, name);
        this.thread.setDaemon(true);
    }

    MessagePump start() {
        queue.createIfNotExists();
        deadLetter.createIfNotExists();
        thread.start();
        return this;
    }

    long handled() {
        return handled.get();
    }

    long deadLettered() {
        return deadLettered.get();
    }

    private void loop() {
        long idle = 20;
        while (running) {
            try {
                int room = Math.max(1, Math.min(32, slots.availablePermits()));
                List<QueueMessageItem> batch = new ArrayList<>();
                queue.receiveMessages(room, visibility, null, null).forEach(batch::add);
                if (batch.isEmpty()) {
                    sleep(idle);
                    idle = Math.min(idle * 2, 1000);
                    continue;
                }
                idle = 20;
                for (QueueMessageItem item : batch) {
                    slots.acquire();
                    workers.execute(() -> {
                        try {
                            process(item);
                        } finally {
                            slots.release();
                        }
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("{}: receiving failed (retrying): {}", name, e.toString());
                    sleep(1000);
                }
            }
        }
    }

    private void process(QueueMessageItem item) {
        String body = item.getBody().toString();
        try {
            handler.handle(body);
            queue.deleteMessage(item.getMessageId(), item.getPopReceipt());
            handled.incrementAndGet();
        } catch (Unprocessable e) {
            deadLetter(item, body, e.getMessage());
        } catch (Exception e) {
            if (item.getDequeueCount() >= maxDequeueCount) {
                deadLetter(item, body, "failed " + item.getDequeueCount() + " times, last: " + e.getMessage());
            } else {
                // Left in place: it comes back when its visibility runs out.
                log.warn("{}: message {} failed (delivery {} of {}): {}", name, item.getMessageId(), item.getDequeueCount(),
                        maxDequeueCount, e.toString());
            }
        }
    }

    private void deadLetter(QueueMessageItem item, String body, String reason) {
        try {
            var envelope = JSON.createObjectNode().put("reason", reason).put("queue", queue.getQueueName())
                    .put("messageId", item.getMessageId()).put("dequeueCount", item.getDequeueCount())
                    .put("originalMessage", body).put("deadLetteredAt", Instant.now().toString());
            deadLetter.sendMessageWithResponse(BinaryData.fromString(envelope.toString()), null, Duration.ofSeconds(-1),
                    null, null);
            queue.deleteMessage(item.getMessageId(), item.getPopReceipt());
            deadLettered.incrementAndGet();
            log.warn("{}: moved message {} to {}: {}", name, item.getMessageId(), deadLetter.getQueueName(), reason);
        } catch (RuntimeException e) {
            log.warn("{}: could not dead-letter message {} (it will come back): {}", name, item.getMessageId(), e.toString());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        workers.shutdown();
        try {
            thread.join(5_000);
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
    }
}

package io.durascale.pipeline.taskhub.bench;

import io.durascale.pipeline.taskhub.StorageOps;
import com.azure.core.util.BinaryData;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.models.QueueMessageItem;
import com.azure.storage.queue.models.SendMessageResult;
import io.durascale.pipeline.taskhub.StorageOps.Kind;
import io.durascale.storage.StorageAccount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the storage itself can do, measured in the same run as the task hub — the storage bound:
 * the orchestrations per second the storage would allow if the hub added nothing.
 *
 * <p>Two measurements. {@link #measureMix} is the bound: many client threads replay a workload's
 * counted operation mix (the same kinds in the same proportions, with the same SDK clients) with
 * no orchestration logic in between, so every service is loaded at once, as the hub loads them;
 * its rate of "orchestrations' worth" of operations is the bound. {@link #measure} times each
 * operation kind on its own; from those rates the {@linkplain Rates#bound isolated bound}
 * assumes each service could have the machine to itself while the others work too. On a
 * machine where the emulator's processes share the cores with their clients that is out of
 * reach, so it is reported beside the bound, not as it.
 */
public final class StorageBound {

    /** Operations per second for each kind measured. */
    public record Rates(Map<Kind, Double> perSecond) {

        /**
         * Orchestrations per second the storage allows for a workload: per service, the time its
         * operations take at the measured rates; the slowest service decides.
         */
        public double bound(Map<Kind, Long> operations, int orchestrations) {
            Map<String, Double> secondsPerService = new java.util.HashMap<>();
            operations.forEach((kind, count) -> {
                Double rate = perSecond.get(rateKind(kind));
                if (rate != null && count > 0 && (kind.perWork() || kind == Kind.QUEUE_RECEIVE)) {
                    secondsPerService.merge(kind.service(), count / rate, Double::sum);
                }
            });
            double slowest = secondsPerService.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
            return slowest == 0 ? Double.POSITIVE_INFINITY : orchestrations / slowest;
        }

        /** Kinds not measured directly are timed like their nearest measured kind. */
        private static Kind rateKind(Kind kind) {
            return switch (kind) {
                case QUEUE_UPDATE -> Kind.QUEUE_DELETE;
                case TABLE_QUERY, TABLE_READ -> Kind.TABLE_READ;
                case TABLE_DELETE -> Kind.TABLE_WRITE;
                case BLOB_READ, BLOB_WRITE, BLOB_DELETE -> Kind.BLOB_WRITE;
                default -> kind;
            };
        }
    }

    /** Client threads: enough to keep each single-threaded Azurite service busy. */
    private static final int THREADS = 8;
    /** Client threads replaying a mix, by default: the bound is the best rate of these. */
    public static final List<Integer> MIX_THREADS = List.of(8, 16, 32);
    /** History rows per replayed table transaction besides the sentinel (an episode's typical events). */
    static final int ROWS_PER_BATCH = 3;

    /**
     * The rate of a workload's operation mix.
     *
     * @param operationsPerSecond storage operations per second in that mix
     * @param executed            operations actually made, by kind (for checking the replay)
     */
    public record Mix(double operationsPerSecond, Map<Kind, Long> executed) {

        /**
         * The storage bound for the workload the mix was replayed from: the raw operation rate
         * divided by the operations one orchestration makes (right also for a workload whose
         * single orchestration is longer than the replay).
         */
        public double bound(Map<Kind, Long> operations, int orchestrations) {
            long replayedOps = operations.entrySet().stream().filter(e -> replayed(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum();
            return replayedOps == 0 ? Double.POSITIVE_INFINITY : operationsPerSecond * orchestrations / replayedOps;
        }
    }

    /**
     * Kinds a mix replays: what the work costs (polling receives included); leases, listings
     * and queue metadata follow time, not work, and are left out as in {@link Rates#bound}.
     */
    static boolean replayed(Kind kind) {
        return kind.perWork() || kind == Kind.QUEUE_RECEIVE || kind == Kind.QUEUE_UPDATE;
    }

    /**
     * One orchestration's operations in replay order, for the {@code unit}-th orchestration of
     * a thread: each kind gets {@code floor((unit+1)·c/n) − floor(unit·c/n)} operations, so over
     * many units the counts match the workload's exactly; within a unit the kinds interleave
     * (a table transaction, an instance write, a send, a delete, ...) as an episode's do.
     */
    static List<Kind> schedule(Map<Kind, Long> operations, int orchestrations, long unit) {
        Map<Kind, Long> due = new EnumMap<>(Kind.class);
        operations.forEach((kind, count) -> {
            if (replayed(kind) && count > 0) {
                long n = Math.floorDiv((unit + 1) * count, orchestrations) - Math.floorDiv(unit * count, orchestrations);
                if (n > 0) {
                    due.put(kind, n);
                }
            }
        });
        List<Kind> order = new ArrayList<>();
        boolean any = true;
        while (any) {
            any = false;
            for (Map.Entry<Kind, Long> e : due.entrySet()) {
                if (e.getValue() > 0) {
                    order.add(e.getKey());
                    e.setValue(e.getValue() - 1);
                    any = true;
                }
            }
        }
        return order;
    }

    private final StorageAccount storage;
    private final Duration perKind;

    public StorageBound(StorageAccount storage, Duration perKind) {
        this.storage = storage;
        this.perKind = perKind;
    }

    /** Measures send, receive, delete, table batch, table write, table read and blob write rates. */
    public Rates measure() throws Exception {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        QueueClient queue = storage.queues().getQueueClient("bound-" + suffix);
        queue.create();
        TableClient table = storage.tables().createTable("Bound" + suffix);
        var container = storage.blobs().createBlobContainer("bound-" + suffix);
        Map<Kind, Double> rates = new EnumMap<>(Kind.class);
        try {
            // A shallow queue, as the hub keeps it: Azurite's receive and delete slow down with depth.
            // Each round trip is a send, a receive and a delete; each counts as a third of it.
            double cycles = rate(() -> {
                queue.sendMessage("{\"v\":1,\"kind\":\"control\",\"events\":\"AAAA\"}");
                QueueMessageItem item = queue.receiveMessage();
                if (item != null) {
                    queue.deleteMessage(item.getMessageId(), item.getPopReceipt());
                }
            });
            rates.put(Kind.QUEUE_SEND, 3 * cycles);
            rates.put(Kind.QUEUE_RECEIVE, 3 * cycles);
            rates.put(Kind.QUEUE_DELETE, 3 * cycles);
            AtomicLong rows = new AtomicLong();
            rates.put(Kind.TABLE_BATCH, rate(() -> {
                String pk = "i" + rows.incrementAndGet();
                List<TableTransactionAction> batch = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    batch.add(new TableTransactionAction(TableTransactionActionType.CREATE,
                            new TableEntity(pk, String.format("%016X", i)).addProperty("Payload", new byte[120])));
                }
                batch.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE,
                        new TableEntity(pk, "sentinel").addProperty("NextSeq", 5)));
                table.submitTransaction(batch);
            }));
            rates.put(Kind.TABLE_WRITE, rate(() -> table.upsertEntityWithResponse(
                    new TableEntity("i" + (1 + Math.floorMod(rows.incrementAndGet(), 50)), "").addProperty("RuntimeStatus", "Running"),
                    TableEntityUpdateMode.MERGE, null, null)));
            rates.put(Kind.TABLE_READ, rate(() -> table.getEntity("i1", "sentinel")));
            AtomicLong blobs = new AtomicLong();
            rates.put(Kind.BLOB_WRITE, rate(() -> container.getBlobClient("b" + blobs.incrementAndGet())
                    .upload(BinaryData.fromString("payload"), true)));
        } finally {
            queue.delete();
            table.deleteTable();
            container.delete();
        }
        return new Rates(rates);
    }

    /**
     * Replays a workload's operation mix — {@code operations} counted for {@code orchestrations}
     * orchestrations, which kept {@code messagesHeld} messages outstanding on average — on
     * {@code threads} threads for {@code duration}, against queues,
     * tables and a container of its own. Sends and deletes pair up as the hub's do (a message it
     * sends to a partition it owns goes in invisible and is deleted by the receipt the send returned); receives poll a
     * queue of their own; table transactions append rows under a fresh partition key per
     * orchestration and replace its sentinel; writes merge an instance row.
     */
    public Mix measureMix(Map<Kind, Long> operations, int orchestrations, double messagesHeld, int threads,
                          Duration duration) throws Exception {
        if (orchestrations < 1) {
            throw new IllegalArgumentException("orchestrations must be at least 1");
        }
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        List<QueueClient> queues = new ArrayList<>();
        for (int q = 0; q < 4; q++) {
            QueueClient queue = storage.queues().getQueueClient("mix-" + suffix + "-" + q);
            queue.create();
            queues.add(queue);
        }
        QueueClient polled = storage.queues().getQueueClient("mix-" + suffix + "-polled");
        polled.create();
        TableClient history = storage.tables().createTable("MixHistory" + suffix);
        TableClient instances = storage.tables().createTable("MixInstances" + suffix);
        var container = storage.blobs().createBlobContainer("mix-" + suffix);
        StorageOps executed = new StorageOps();
        AtomicLong nextPartition = new AtomicLong();
        String message = "{\"v\":1,\"kind\":\"control\",\"instance\":\"" + "x".repeat(32) + "\",\"events\":\""
                + "A".repeat(160) + "\"}";
        byte[] payload = new byte[120];
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            record Sent(QueueClient queue, String messageId, String popReceipt) {
            }
            class Replayer {
                /** Messages sent and not yet deleted, oldest first. */
                final java.util.ArrayDeque<Sent> sent = new java.util.ArrayDeque<>();
                long unit;

                void send(QueueClient q) {
                    SendMessageResult r = sendHidden(q, message);
                    sent.add(new Sent(q, r.getMessageId(), r.getPopReceipt()));
                }

                /** Makes one orchestration's operations, or as many as fit before {@code end}. */
                void runUnit(boolean count, long end) {
                    String pk = "i" + nextPartition.incrementAndGet();
                    long row = 0;
                    for (Kind kind : schedule(operations, orchestrations, unit++)) {
                        if (System.nanoTime() >= end) {
                            return;
                        }
                        switch (kind) {
                            case QUEUE_SEND -> send(queues.get((int) Math.floorMod(unit, queues.size())));
                            case QUEUE_DELETE -> {
                                Sent m = sent.poll();
                                if (m == null) {
                                    continue;
                                }
                                m.queue().deleteMessage(m.messageId(), m.popReceipt());
                            }
                            case QUEUE_UPDATE -> {
                                Sent m = sent.poll();
                                if (m == null) {
                                    continue;
                                }
                                var updated = m.queue().updateMessage(m.messageId(), m.popReceipt(), null, Duration.ZERO);
                                sent.addFirst(new Sent(m.queue(), m.messageId(), updated.getPopReceipt()));
                            }
                            case QUEUE_RECEIVE -> polled.receiveMessages(32, Duration.ofSeconds(30), null, null)
                                    .forEach(m -> { });
                            case TABLE_BATCH -> {
                                List<TableTransactionAction> batch = new ArrayList<>();
                                for (int i = 0; i < ROWS_PER_BATCH; i++) {
                                    batch.add(new TableTransactionAction(TableTransactionActionType.CREATE,
                                            new TableEntity(pk, String.format("%016X", row++)).addProperty("EventType", "TaskCompleted")
                                                    .addProperty("Payload", payload)));
                                }
                                batch.add(new TableTransactionAction(TableTransactionActionType.UPSERT_REPLACE,
                                        new TableEntity(pk, "sentinel").addProperty("NextSeq", row)));
                                history.submitTransaction(batch);
                            }
                            case TABLE_WRITE, TABLE_DELETE -> instances.upsertEntityWithResponse(
                                    new TableEntity(pk, "").addProperty("RuntimeStatus", "Running"),
                                    TableEntityUpdateMode.MERGE, null, null);
                            case TABLE_READ, TABLE_QUERY -> {
                                try {
                                    instances.getEntity(pk, "");
                                } catch (com.azure.data.tables.models.TableServiceException notYet) {
                                    // A read before the row's first write: a 404 is still a round trip.
                                }
                            }
                            case BLOB_READ, BLOB_WRITE, BLOB_DELETE -> container.getBlobClient(pk + "-" + row++)
                                    .upload(BinaryData.fromBytes(payload), true);
                            default -> {
                                continue;
                            }
                        }
                        if (count) {
                            executed.count(kind);
                        }
                    }
                }
            }
            // A short warm-up, so connection setup and first-call costs are not measured.
            Replayer warm = new Replayer();
            long warmEnd = System.nanoTime() + Duration.ofMillis(300).toNanos();
            while (System.nanoTime() < warmEnd) {
                warm.runUnit(false, warmEnd);
            }
            // Park the workload's messages first (not measured): each thread keeps its share outstanding, and its
            // deletes take the oldest, so the queues stay as deep as the hub kept them.
            long held = Math.max(0, Math.round(messagesHeld));
            AtomicLong startAt = new AtomicLong();
            java.util.concurrent.CyclicBarrier ready = new java.util.concurrent.CyclicBarrier(threads,
                    () -> startAt.set(System.nanoTime()));
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long share = held / threads + (t < held % threads ? 1 : 0);
                running.add(pool.submit(() -> {
                    Replayer replayer = new Replayer();
                    for (long m = 0; m < share; m++) {
                        replayer.send(queues.get((int) Math.floorMod(m, queues.size())));
                    }
                    ready.await();
                    long end = startAt.get() + duration.toNanos();
                    while (System.nanoTime() < end) {
                        replayer.runUnit(true, end);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            double seconds = (System.nanoTime() - startAt.get()) / 1e9;
            Map<Kind, Long> made = executed.snapshot();
            long total = made.values().stream().mapToLong(Long::longValue).sum();
            return new Mix(total / seconds, made);
        } finally {
            pool.shutdownNow();
            for (QueueClient q : queues) {
                q.delete();
            }
            polled.delete();
            history.deleteTable();
            instances.deleteTable();
            container.delete();
        }
    }

    /**
     * Sends as the hub sends what it delivers in process: invisible (for the hub's 5 minute
     * visibility timeout), never expiring; the queue copy is only a backup until it is deleted.
     */
    private static SendMessageResult sendHidden(QueueClient queue, String message) {
        return queue.sendMessageWithResponse(BinaryData.fromString(message), Duration.ofMinutes(5), Duration.ofSeconds(-1),
                null, null).getValue();
    }

    /** Runs {@code op} on {@link #THREADS} threads for the measuring time; operations per second. */
    private double rate(Runnable op) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            // A short warm-up, so connection setup is not measured.
            long warm = System.nanoTime() + Duration.ofMillis(200).toNanos();
            while (System.nanoTime() < warm) {
                op.run();
            }
            AtomicLong done = new AtomicLong();
            long start = System.nanoTime();
            long end = start + perKind.toNanos();
            List<Future<?>> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                threads.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        op.run();
                        done.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : threads) {
                f.get();
            }
            return done.get() / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }
}

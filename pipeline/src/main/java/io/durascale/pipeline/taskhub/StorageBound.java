package io.durascale.pipeline.taskhub;

import com.azure.core.util.BinaryData;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.models.QueueMessageItem;
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
 * What the storage itself can do, measured in the same run as the task hub: the rate of each
 * operation kind the hub uses, with several client threads. From those rates and a workload's
 * operations per orchestration comes the storage bound — the orchestrations per second the
 * storage would allow if the hub added nothing. The queue, table and blob services run as
 * separate processes here (and are separate services in Azure), so each bounds on its own and
 * the tightest one is the bound.
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

package io.durascale.pipeline.orchestration;

import com.microsoft.durabletask.Task;
import com.microsoft.durabletask.TaskOrchestration;
import com.microsoft.durabletask.TaskOrchestrationContext;
import io.durascale.pipeline.orchestration.BlockEvents.BlockCompleted;
import io.durascale.pipeline.orchestration.BlockEvents.BlockFailed;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The seed flow's orchestrator: make the batch's blocks, hand each to a ComputeActivity (which
 * uploads its input and enqueues its job — it knows nothing of how compute happens), then wait
 * for one BlockCompleted or BlockFailed event per block under an overall deadline, keeping the
 * custom status {@code {total, completed, failed}} current. The deadline counts from the
 * orchestration's start, so a slow hand-off uses it up too.
 *
 * <p>Orchestrator code replays: everything here is deterministic (block ids and seeds derive
 * from the input, time from the context). Exactly one waiter per event name is outstanding at a
 * time — an unused waiter would swallow the next event of its name — and a block reported twice
 * is counted once.
 */
public final class BatchCompute implements TaskOrchestration {

    public static final String NAME = "BatchCompute";

    @Override
    public void run(TaskOrchestrationContext ctx) {
        BatchRequest request = ctx.getInput(BatchRequest.class);
        Instant started = ctx.getCurrentInstant();
        int total = request.inputCount();
        ctx.setCustomStatus(new BatchProgress(total, 0, 0));

        List<Task<Void>> submitted = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            submitted.add(ctx.callActivity(ComputeActivity.NAME, new ComputeActivity.Block(ctx.getInstanceId(),
                    request.blockId(i), request.kernel(), request.blockSize(), request.blockSeed(i)), Void.class));
        }
        // The deadline runs from the orchestration's start: nothing has been awaited yet, so the context's
        // time is still `started`. Creating the timer after the activities keeps the actions' sequence
        // numbers as they were (activities 0..n-1, timer n), so instances started by an earlier version
        // replay unchanged.
        Task<Void> deadline = ctx.createTimer(Duration.ofSeconds(request.deadlineSeconds()));
        Task<List<Void>> fanOut = ctx.allOf(submitted);
        if (ctx.anyOf(fanOut, deadline).await() == deadline) {
            long handedOver = submitted.stream().filter(Task::isDone).count();
            throw new BatchDeadlineException(String.format(
                    "deadline of %d s passed with %d of %d blocks handed to the compute tier",
                    request.deadlineSeconds(), handedOver, total));
        }
        fanOut.await(); // an activity's failure fails the orchestration, as it always has

        Task<BlockCompleted> nextCompleted = ctx.waitForExternalEvent(BlockEvents.BLOCK_COMPLETED, BlockCompleted.class);
        Task<BlockFailed> nextFailed = ctx.waitForExternalEvent(BlockEvents.BLOCK_FAILED, BlockFailed.class);
        Map<String, BlockCompleted> completed = new TreeMap<>();
        Map<String, String> failed = new TreeMap<>();
        while (completed.size() + failed.size() < total) {
            Task<?> first = ctx.anyOf(nextCompleted, nextFailed, deadline).await();
            if (first == deadline) {
                throw new BatchDeadlineException(String.format(
                        "deadline of %d s passed with %d of %d blocks completed and %d failed", request.deadlineSeconds(),
                        completed.size(), total, failed.size()));
            }
            if (first == nextCompleted) {
                BlockCompleted block = nextCompleted.await();
                if (isBlockOf(request, block.blockId()) && !failed.containsKey(block.blockId())) {
                    completed.putIfAbsent(block.blockId(), block);
                }
                nextCompleted = ctx.waitForExternalEvent(BlockEvents.BLOCK_COMPLETED, BlockCompleted.class);
            } else {
                BlockFailed block = nextFailed.await();
                if (isBlockOf(request, block.blockId()) && !completed.containsKey(block.blockId())) {
                    failed.putIfAbsent(block.blockId(), block.reason());
                }
                nextFailed = ctx.waitForExternalEvent(BlockEvents.BLOCK_FAILED, BlockFailed.class);
            }
            ctx.setCustomStatus(new BatchProgress(total, completed.size(), failed.size()));
        }

        List<BatchResult.FailedBlock> failures = failed.entrySet().stream()
                .map(e -> new BatchResult.FailedBlock(e.getKey(), e.getValue())).toList();
        int verified = (int) completed.values().stream().filter(b -> Boolean.TRUE.equals(b.verified())).count();
        ctx.complete(new BatchResult(total, completed.size(), failures,
                Duration.between(started, ctx.getCurrentInstant()).toMillis(), digest(completed), verified));
    }

    private static boolean isBlockOf(BatchRequest request, String blockId) {
        if (blockId == null || !blockId.matches("\\d{5}")) {
            return false;
        }
        int index = Integer.parseInt(blockId);
        return index < request.inputCount();
    }

    /** SHA-256 over the blocks' output digests, in block order. */
    static String digest(Map<String, BlockCompleted> completedInBlockOrder) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            completedInBlockOrder.values().forEach(b -> sha.update((b.blockId() + ":" + b.sha256() + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The batch's deadline passed before every block reported: the orchestration fails with this reason. */
    public static final class BatchDeadlineException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public BatchDeadlineException(String message) {
            super(message);
        }
    }
}

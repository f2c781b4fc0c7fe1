package io.durascale.pipeline.taskhub;

import com.microsoft.durabletask.DurableTaskGrpcWorker;

/**
 * Runs a durabletask SDK worker on a thread we own. The 1.5.0 worker's own {@code start()}
 * thread keeps reconnecting every 5 s after {@code close()} until interrupted, and nothing
 * interrupts it; here {@link #close()} does.
 */
public final class WorkerRunner implements AutoCloseable {

    private final DurableTaskGrpcWorker worker;
    private final Thread thread;

    private WorkerRunner(DurableTaskGrpcWorker worker, String name) {
        this.worker = worker;
        this.thread = new Thread(worker::startAndBlock, name);
        this.thread.setDaemon(true);
    }

    public static WorkerRunner start(DurableTaskGrpcWorker worker, String name) {
        WorkerRunner runner = new WorkerRunner(worker, name);
        runner.thread.start();
        return runner;
    }

    @Override
    public void close() {
        worker.close();
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

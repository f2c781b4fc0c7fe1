package io.durascale.pipeline.taskhub.bench;

import io.durascale.pipeline.taskhub.TaskHubNames;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.queue.models.QueueStorageException;
import io.durascale.pipeline.taskhub.StorageOps.Kind;
import io.durascale.run.RunDirectory;
import io.durascale.run.RunReader;
import io.durascale.run.TaskHubBench;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's counted figures are what make runs comparable across machines: HelloCities5
 * must cost exactly its storage operations, whatever the timing, and a benchmark hub must not
 * outlive its step.
 */
@ExtendWith(StorageExtension.class)
class TaskHubBenchmarkTest {

    @Test
    void helloCitiesCostsItsCountedOperationsAndLeavesNoHubBehind(TestStorage storage, @TempDir Path dir) throws Exception {
        List<String> progress = new ArrayList<>();
        TaskHubBenchmark bench = new TaskHubBenchmark(storage.account(), 1, 2, progress::add);

        TaskHubBenchmark.Result r = bench.helloCities(2, 12);

        assertThat(r.orchestrations()).isEqualTo(12);
        assertThat(r.activities()).isEqualTo(60);
        // Per orchestration: six episodes (start and five activity results), each one history transaction; five
        // activity messages and six control messages sent, each deleted once; three instance-row writes.
        assertThat(r.operations()).containsEntry(Kind.QUEUE_SEND, 6L * 12).containsEntry(Kind.QUEUE_DELETE, 6L * 12)
                .containsEntry(Kind.TABLE_BATCH, 6L * 12).containsEntry(Kind.TABLE_WRITE, 3L * 12);
        assertThat(r.workOperationsPerOrchestration()).isEqualTo(21.0);
        assertThat(r.episodesPerPartition()).hasSize(2);
        assertThat(r.episodesPerPartition()[0] + r.episodesPerPartition()[1]).isEqualTo(6L * 12);
        assertThat(r.meanMessagesHeld()).isBetween(0.0, 6.0 * 12);

        // taskhub-bench.json as the command writes it: operations by their labels, the bound beside the rate.
        RunDirectory.create(dir, "taskhub-bench").write(new TaskHubBench(List.of(r.step(100.0, Map.of("8", 100.0), null, null))));
        TaskHubBench.Step step = RunReader.read(dir).taskhubBench().orElseThrow().steps().get(0);
        assertThat(step.workload()).isEqualTo("HelloCities5");
        assertThat(step.operations()).containsEntry("queue.send", 6L * 12).containsEntry("table.batch", 6L * 12);
        assertThat(step.episodesPerPartition()).containsExactly(r.episodesPerPartition()[0], r.episodesPerPartition()[1]);
        assertThat(step.workOperationsPerOrchestration()).isEqualTo(21.0);
        assertThat(step.fractionOfBound()).isEqualTo(r.orchestrationsPerSecond() / 100.0);
        assertThat(step.isolatedBoundOrchestrationsPerSecond()).as("not measured").isNull();

        TaskHubNames names = new TaskHubNames(r.hub(), 2);
        List<String> queues = new ArrayList<>(names.controlQueues());
        queues.add(names.workItemQueue());
        for (String queue : queues) {
            assertThatThrownBy(() -> storage.queues().getQueueClient(queue).getProperties())
                    .as("queue %s is deleted", queue).isInstanceOfSatisfying(QueueStorageException.class,
                            e -> assertThat(e.getStatusCode()).isEqualTo(404));
        }
        Set<String> tables = storage.tables().listTables().stream().map(t -> t.getName()).collect(Collectors.toSet());
        assertThat(tables).as("the benchmark hub's tables are deleted")
                .doesNotContain(names.historyTable(), names.instancesTable(), names.timersTable());
        assertThat(progress).noneMatch(line -> line.startsWith("could not delete"));
    }
}

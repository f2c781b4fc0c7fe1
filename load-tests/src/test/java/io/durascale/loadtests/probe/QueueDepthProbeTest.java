package io.durascale.loadtests.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.run.timeline.Timeline;
import io.durascale.run.timeline.TimelineEvent.QueueDepth;
import io.durascale.run.timeline.TimelineFile;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(StorageExtension.class)
class QueueDepthProbeTest {

    @Test
    void readsEveryControlQueueTheWorkItemsAndTheJobsQueueByTheProvidersNaming(TestStorage storage, @TempDir Path dir)
            throws Exception {
        String hub = "Hub" + storage.name("m").replace("-", "");
        String lower = hub.toLowerCase();
        List<String> control = List.of(lower + "-control-00", lower + "-control-01", lower + "-control-02");
        control.forEach(q -> storage.queues().createQueue(q));
        storage.queues().createQueue(lower + "-workitems");
        // Not a control queue of this hub, though it shares the prefix.
        storage.queues().createQueue(lower + "-control-leases");
        String jobs = storage.name("jobs");
        storage.queues().createQueue(jobs);
        for (int i = 0; i < 3; i++) {
            storage.queues().getQueueClient(control.get(1)).sendMessage("m" + i);
        }
        storage.queues().getQueueClient(jobs).sendMessage("job");

        Path file = dir.resolve("timeline.jsonl");
        try (Timeline timeline = Timeline.to(file)) {
            QueueDepthProbe queueDepths = new QueueDepthProbe(storage.queues(), hub, jobs, Duration.ofHours(1), timeline);
            assertThat(queueDepths.controlQueues()).containsExactlyElementsOf(control);
            queueDepths.sample();
            assertThat(queueDepths.depth(control.get(1))).contains(3L);
            assertThat(queueDepths.jobsDepth()).contains(1L);
            queueDepths.close();
        }
        Map<String, Long> depths = TimelineFile.read(file).of(QueueDepth.class).stream()
                .collect(Collectors.toMap(QueueDepth::queue, QueueDepth::depth));
        assertThat(depths).containsEntry(control.get(0), 0L).containsEntry(control.get(1), 3L)
                .containsEntry(lower + "-workitems", 0L).containsEntry(jobs, 1L).doesNotContainKey(lower + "-control-leases");
    }
}

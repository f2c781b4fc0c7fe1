package io.durascale.pipeline.scaler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The metric and activity rules, table-driven like a KEDA scaler's {@code _test.go}: each row is a reading (per
 * partition "messages/timers due after the window", and the work items), the two per-worker settings and the
 * answer.
 */
class HostRecommendationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                        | control queues      | work | maxAct | maxOrch | hosts | active
        an idle hub                                   | 0/0 0/0 0/0 0/0     | 0    | 10     | 10      | 0     | false
        one start message wakes one host              | 1/0 0/0 0/0 0/0     | 0    | 10     | 10      | 1     | true
        one work item wakes one host                  | 0/0 0/0 0/0 0/0     | 1    | 10     | 10      | 1     | true
        work items by maxActivitiesPerWorker, rounded up | 0/0 0/0 0/0 0/0  | 21   | 10     | 10      | 3     | true
        activities are not capped by the partitions   | 0/0 0/0 0/0 0/0     | 95   | 10     | 10      | 10    | true
        control messages by maxOrchestrationsPerWorker | 30/0 30/0 30/0 0/0 | 0    | 10     | 40      | 3     | true
        never more than the partitions with messages  | 500/0 0/0 0/0 0/0   | 0    | 10     | 10      | 1     | true
        never more than the partition count           | 90/0 90/0 90/0 90/0 | 0    | 10     | 1       | 4     | true
        the larger of activities and orchestrations   | 5/0 5/0 0/0 0/0     | 31   | 10     | 1       | 4     | true
        a timer due after the window is not work      | 1/1 0/0 0/0 0/0     | 0    | 10     | 10      | 0     | false
        many timers due later keep the tier at zero   | 40/40 7/7 0/0 1/1   | 0    | 10     | 10      | 0     | false
        a timer due within the window is work         | 1/0 0/0 0/0 0/0     | 0    | 10     | 10      | 1     | true
        messages beside timers due later count        | 12/2 0/0 0/0 0/0    | 0    | 5      | 5       | 1     | true
        an index entry that outlived its message      | 0/3 2/0 0/0 0/0     | 0    | 10     | 1       | 1     | true
        one maxOrchestrationsPerWorker per partition  | 3/0 3/0 3/0 3/0     | 0    | 10     | 3       | 4     | true
        """)
    void hostsAndActivity(String name, String controlQueues, long workItems, int maxActivities, int maxOrchestrations,
                          long hosts, boolean active) {
        List<TaskHubReading.ControlQueue> queues = new ArrayList<>();
        String[] partitions = controlQueues.trim().split("\\s+");
        for (int p = 0; p < partitions.length; p++) {
            String[] counts = partitions[p].split("/");
            queues.add(new TaskHubReading.ControlQueue(p, Long.parseLong(counts[0]), Long.parseLong(counts[1])));
        }
        TaskHubReading reading = new TaskHubReading(Instant.EPOCH, Duration.ofSeconds(30), queues, workItems);
        TaskHubScalerMetadata metadata = new TaskHubScalerMetadata("DurascaleHub", partitions.length, maxActivities,
                maxOrchestrations, Duration.ofSeconds(30), Optional.empty());

        HostRecommendation recommendation = HostRecommendation.of(reading, metadata);

        assertThat(recommendation.hosts()).as("hosts").isEqualTo(hosts);
        assertThat(recommendation.active()).as("active").isEqualTo(active);
        assertThat(recommendation.orchestrationHosts()).as("orchestration hosts are capped by the partitions")
                .isLessThanOrEqualTo(reading.partitionsWithMessages()).isLessThanOrEqualTo(metadata.partitionCount());
        assertThat(recommendation.active()).as("active exactly when a host is asked for").isEqualTo(hosts > 0);
    }
}

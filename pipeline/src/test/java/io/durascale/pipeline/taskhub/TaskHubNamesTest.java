package io.durascale.pipeline.taskhub;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TaskHubNamesTest {

    @ParameterizedTest
    @CsvSource({
        "'', 1",
        "a, 0",
        "foobar, 0",
        "partition-probe, 2",
        "myinstance, 0"
    })
    void instancesMapToPartitionsByFnv1aLikeTheAzureStorageProvider(String instanceId, int partitionOf4) {
        assertThat(TaskHubNames.partitionOf(instanceId, 4)).isEqualTo(partitionOf4);
    }

    @Test
    void fnvHashIsUnsignedSoEveryPartitionIsReachable() {
        int[] seen = new int[16];
        for (int i = 0; i < 10_000; i++) {
            seen[TaskHubNames.partitionOf("instance-" + i, 16)]++;
        }
        // Uniform enough: every partition gets between 4 % and 8 % of 10,000 ids (ideal 6.25 %).
        assertThat(java.util.Arrays.stream(seen).boxed().toList()).allSatisfy(n -> assertThat(n).isBetween(400, 800));
    }

    @Test
    void resourcesAreNamedAsTheAzureStorageProviderNamesThem() {
        TaskHubNames names = new TaskHubNames("MyHub", 12);
        assertThat(names.controlQueues()).hasSize(12).startsWith("myhub-control-00").endsWith("myhub-control-11");
        assertThat(names.workItemQueue()).isEqualTo("myhub-workitems");
        assertThat(names.historyTable()).isEqualTo("MyHubHistory");
        assertThat(names.instancesTable()).isEqualTo("MyHubInstances");
        assertThat(names.leasesContainer()).isEqualTo("myhub-leases");
        assertThat(names.largeMessagesContainer()).isEqualTo("myhub-largemessages");
    }
}

package io.durascale.pipeline.local.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durascale.run.RunJson;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The node pool's settings: checked together, one sentence naming the bad one, and written as JSON. */
class NodePoolSpecTest {

    @Test
    void settingsAreCheckedTogether() {
        assertThat(NodePoolSpec.noDelays().podStartDelay()).isZero();
        assertThatThrownBy(() -> NodePoolSpec.builder().initialNodes(3).maxNodes(2).build())
                .hasMessage("maxNodes must be at least 1 and at least initialNodes (3), got 2");
        assertThatThrownBy(() -> NodePoolSpec.builder().podsPerNode(0).build())
                .hasMessage("podsPerNode must be at least 1, got 0");
        assertThatThrownBy(() -> NodePoolSpec.builder().podStartDelay(Duration.ofSeconds(-2)).build())
                .hasMessage("podStartDelay must be 0 or more, got -2s");
    }

    @Test
    void theJsonHasEverySettingWithDurationsAsText() {
        assertThat(RunJson.MAPPER.valueToTree(NodePoolSpec.builder().podsPerNode(2).maxNodes(3)
                .nodeProvisioningDelay(Duration.ofSeconds(90)).build()).toString())
                .isEqualTo("{\"podStartDelay\":\"0s\",\"podsPerNode\":2,\"initialNodes\":1,\"maxNodes\":3,"
                        + "\"nodeProvisioningDelay\":\"90s\",\"emptyNodeRemoval\":\"never\"}");
    }
}

package io.durascale.pipeline.taskhub.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TableKeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"plain-id", "a/b\\c#d?e", "^caret^^", "tab\there", "ünïcødé", "", "bell\u0007\u0085"})
    void escapingRoundTrips(String instanceId) {
        assertThat(TableKeys.unescape(TableKeys.escape(instanceId))).isEqualTo(instanceId);
    }

    @Test
    void escapedKeysHoldNoCharacterTablesForbid() {
        String escaped = TableKeys.escape("x/y\\z#w?v\u0001");
        assertThat(escaped).doesNotContain("/", "\\", "#", "?", "\u0001");
    }

    @Test
    void escapingPreservesPrefixesSoPrefixQueriesBecomeKeyRanges() {
        assertThat(TableKeys.escape("batch/2026/run-1")).startsWith(TableKeys.escape("batch/2026/"));
    }
}

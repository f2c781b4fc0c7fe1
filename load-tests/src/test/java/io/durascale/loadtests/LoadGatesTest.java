package io.durascale.loadtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadGatesTest {

    @Test
    void theBundledGatesAreGenerousAndComplete() {
        LoadGates gates = LoadGates.load(Optional.empty());

        assertThat(gates.orchestrationP95Ms()).isGreaterThanOrEqualTo(60_000);
        assertThat(gates.maxFailedOrchestrations()).isZero();
        assertThat(gates.maxFailedRequestsPercent()).isZero();
    }

    @Test
    void aUsersFileMayLeaveKeysOutButNotMisspellThem(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gates.json");
        Files.writeString(file, "{\"orchestrationP95Ms\": 5000}");
        LoadGates gates = LoadGates.load(Optional.of(file));
        assertThat(gates.orchestrationP95Ms()).isEqualTo(5000);
        assertThat(gates.maxFailedOrchestrations()).isNull();

        Files.writeString(file, "{\"orchestrationP59Ms\": 5000}");
        assertThatThrownBy(() -> LoadGates.load(Optional.of(file))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orchestrationP59Ms");
        Files.writeString(file, "{\"orchestrationP95Ms\": -1}");
        assertThatThrownBy(() -> LoadGates.load(Optional.of(file))).hasMessageContaining("times must be above 0");
        assertThatThrownBy(() -> LoadGates.load(Optional.of(dir.resolve("missing.json"))))
                .hasMessageStartingWith("-Dgates: no file");
    }
}

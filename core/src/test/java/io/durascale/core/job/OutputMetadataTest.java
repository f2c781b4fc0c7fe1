package io.durascale.core.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durascale.core.job.OutputMetadata.CompletedBlock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutputMetadataTest {

    private static final JobMessage JOB = JobMessage.of("job-1", "inst-1", "block-1", "stencil", Map.of(),
            Instant.parse("2026-01-02T03:04:05Z"));

    @Test
    void metadataCarriesTheContractKeysAndParsesBack() {
        byte[] output = "output bytes".getBytes(StandardCharsets.UTF_8);
        CompletedBlock block = OutputMetadata.of(JOB, output, 123, "worker-a-7", Instant.parse("2026-01-02T03:04:06.5Z"));
        Map<String, String> map = block.toMap();
        assertThat(map).containsOnlyKeys("instanceid", "blockid", "jobid", "kernel", "computems", "workerid", "sha256",
                "enqueuedat", "completedat");
        assertThat(map).containsEntry("computems", "123").containsEntry("enqueuedat", "2026-01-02T03:04:05Z")
                .containsEntry("sha256", OutputMetadata.sha256(output)).containsEntry("workerid", "worker-a-7");
        assertThat(map.get("sha256")).hasSize(64).matches("[0-9a-f]+");
        assertThat(OutputMetadata.parse(map)).isEqualTo(block);

        // Azure returns metadata keys in whatever case; parsing does not care.
        Map<String, String> upper = new HashMap<>();
        map.forEach((k, v) -> upper.put(k.toUpperCase(), v));
        assertThat(OutputMetadata.parse(upper)).isEqualTo(block);
    }

    @Test
    void sha256IsTheStandardDigest() {
        // FIPS 180-2 test vector for "abc".
        assertThat(OutputMetadata.sha256("abc".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void nonAsciiIdsSurviveAsHeaderSafeValues() {
        JobMessage job = JobMessage.of("job-é", "inst-ü%", "block-1", "stencil", Map.of(), Instant.EPOCH);
        CompletedBlock block = OutputMetadata.of(job, new byte[0], 0, "worker", Instant.EPOCH);
        Map<String, String> map = block.toMap();
        assertThat(map.get("jobid")).isEqualTo("job-%C3%A9");
        assertThat(map.values()).allMatch(v -> v.chars().allMatch(c -> c >= 0x20 && c < 0x7f));
        assertThat(OutputMetadata.parse(map)).isEqualTo(block);
    }

    @Test
    void missingOrMalformedKeysAreNamed() {
        Map<String, String> map = new HashMap<>(OutputMetadata.of(JOB, new byte[0], 5, "w", Instant.EPOCH).toMap());
        map.put("computems", "fast");
        assertThatThrownBy(() -> OutputMetadata.parse(map)).hasMessageContaining("'computems' is not a number");
        map.put("computems", "5");
        map.put("completedat", "later");
        assertThatThrownBy(() -> OutputMetadata.parse(map)).hasMessageContaining("'completedat' is not an ISO-8601 instant");
        map.remove("workerid");
        assertThatThrownBy(() -> OutputMetadata.parse(map)).hasMessageContaining("no 'workerid'");
    }
}

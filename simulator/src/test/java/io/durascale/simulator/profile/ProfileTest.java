package io.durascale.simulator.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProfileTest {

    private final Profile azure = ProfileFile.bundled(ProfileFile.AZURE);

    @Test
    void theAzureProfileHasEveryParameterEachWithASource() {
        for (Parameter p : Parameter.values()) {
            Profile.Setting s = azure.setting(p);
            assertThat(s.source()).as(p.key()).isNotBlank().doesNotStartWith("bundled profile");
        }
        assertThat(azure.number(Parameter.ACCOUNT_REQUESTS_PER_SECOND)).isEqualTo(20_000);
        assertThat(azure.setting(Parameter.ACCOUNT_REQUESTS_PER_SECOND).source())
                .contains("learn.microsoft.com/azure/storage/common/scalability-targets-standard-account", "read 2026-12-01");
        assertThat(azure.number(Parameter.QUEUE_MESSAGES_PER_SECOND)).isEqualTo(2_000);
        assertThat(azure.duration(Parameter.POLLING_INTERVAL)).isEqualTo(Duration.ofSeconds(30));
        assertThat(azure.duration(Parameter.COOLDOWN_PERIOD)).isEqualTo(Duration.ofSeconds(300));
        assertThat(azure.duration(Parameter.HPA_SYNC_PERIOD)).isEqualTo(Duration.ofSeconds(15));
        assertThat(azure.number(Parameter.HPA_TOLERANCE)).isEqualTo(0.1);
        assertThat(azure.duration(Parameter.HPA_DOWNSCALE_STABILIZATION)).isEqualTo(Duration.ofSeconds(300));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "maxReplica=5          | unknown parameter 'maxReplica' (did you mean maxReplicas?)",
        "partitions=17         | partitions must be 1 to 16, got 17",
        "partitions=four       | partitions must be a whole number, got 'four'",
        "pollingInterval=fast  | pollingInterval 'fast' is not a duration (write 5s, 250ms, 1.5s or 2m)",
        "podReadyDelay=gamma(1s) | podReadyDelay 'gamma' is not a distribution",
        "queueLengthStrategy=x | queueLengthStrategy must be one of all, visibleonly, got 'x'",
        "bridgeVerify=yes      | bridgeVerify must be true or false, got 'yes'",
    })
    void anUnknownKeyOrABadValueIsOneSentenceNamingIt(String assignment, String message) {
        String[] kv = assignment.split("=", 2);
        assertThatThrownBy(() -> azure.with(kv[0], kv[1], "--set")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void aUsersFileOverridesSomeValuesBareOrWithASourceAndNamesTheFileInItsErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mine.json");
        Files.writeString(file, "{\"name\": \"mine\", \"values\": {\"partitions\": 8, "
                + "\"maxReplicas\": {\"value\": 50, \"source\": \"our chart\"}, \"podReadyDelay\": \"lognormal(3s, 9s)\"}}");
        Profile mine = ProfileFile.read(file, azure);
        assertThat(mine.integer(Parameter.PARTITIONS)).isEqualTo(8);
        assertThat(mine.setting(Parameter.PARTITIONS).source()).isEqualTo("profile file mine.json");
        assertThat(mine.setting(Parameter.MAX_REPLICAS).source()).isEqualTo("our chart");
        assertThat(mine.distribution(Parameter.POD_READY_DELAY)).isEqualTo(new Distribution.LogNormal(3000, 9000));
        assertThat(mine.integer(Parameter.QUEUE_LENGTH)).as("the rest is the base's").isEqualTo(5);

        Files.writeString(file, "{\"values\": {\"minReplicas\": 200, \"maxReplicas\": 100}}");
        assertThatThrownBy(() -> ProfileFile.read(file, azure)).hasMessage("profile file " + file
                + ": minReplicas 200 is above maxReplicas 100");
        Files.writeString(file, "{\"values\": {\"partitions\": [1]}}");
        assertThatThrownBy(() -> ProfileFile.read(file, azure)).hasMessageStartingWith("profile file " + file
                + " is not a profile (line 1: must be a value");
    }

    @Test
    void distributionsParseTheirTextFormsAndDrawWithinThem() {
        var random = new java.util.SplittableRandom(1);
        assertThat(Distribution.parse("250ms")).isEqualTo(new Distribution.Fixed(250));
        assertThat(Distribution.parse("1.5s").sample(random)).isEqualTo(1500);
        Distribution uniform = Distribution.parse("uniform(2s, 6s)");
        Distribution q = Distribution.parse("quantiles(0:5ms, 0.5:50ms, 1:1s)");
        for (int i = 0; i < 1_000; i++) {
            assertThat(uniform.sample(random)).isBetween(2000.0, 6000.0);
            assertThat(q.sample(random)).isBetween(5.0, 1000.0);
        }
        assertThat(Distribution.parse("empirical(29.3s, 29.7s, 38.9s)").mean()).isCloseTo(32633.3, org.assertj.core.api.Assertions.within(0.1));
        assertThat(Distribution.parse(Distribution.parse("lognormal(4s, 8s)").text())).isEqualTo(new Distribution.LogNormal(4000, 8000));
        assertThatThrownBy(() -> Distribution.parse("quantiles(0:5ms, 0.9:1ms, 1:2ms)"))
                .hasMessage("quantiles and their values must both increase");
    }
}

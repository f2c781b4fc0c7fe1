package io.durascale.loadtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durascale.run.RunJson;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadSettingsTest {

    private final Map<String, String> properties = new HashMap<>();
    private final Map<String, String> environment = new HashMap<>();

    private LoadSettings settings() {
        return LoadSettings.from(properties::get, environment::get);
    }

    @Test
    void withoutATargetItIsTheEmbeddedStackWithTheDocumentedDefaults() {
        LoadSettings s = settings();

        assertThat(s.embedded()).isTrue();
        assertThat(s.batches()).isEqualTo(4);
        assertThat(s.blocks()).isEqualTo(20);
        assertThat(s.kernel()).isEqualTo("stencil");
        assertThat(s.sweep()).containsExactly(1, 2, 4, 8);
        assertThat(s.cooldown()).isEqualTo(Duration.ofSeconds(20));
        assertThat(s.describe().target()).isEqualTo("embedded");
        assertThat(s.describe().workload().get("scaling").get("cooldownS").asLong()).isEqualTo(20);
    }

    @Test
    void readsEveryKindOfValue() {
        properties.putAll(Map.of("batches", "7", "rate", "2.5", "duration", "90s", "sweep", "1, 4", "verify", "false",
                "pollInterval", "250ms", "kernel", "montecarlo", "pricePerPodHour", "0.1"));

        LoadSettings s = settings();

        assertThat(s.batches()).isEqualTo(7);
        assertThat(s.rate()).isEqualTo(2.5);
        assertThat(s.duration()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.sweep()).isEqualTo(List.of(1, 4));
        assertThat(s.verify()).isFalse();
        assertThat(s.pollInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.pricePerPodHour()).contains(0.1);
    }

    @Test
    void theOrchestrationTierRunsInProcessUnlessScaledIsAsked() {
        assertThat(settings().firstStackTier().scaled()).isFalse();
        assertThat(settings().describe().settings().get("orchestrationTier").asText()).isEqualTo("in-process");
        properties.put("orchestrationTier", "scaled");
        assertThat(settings().firstStackTier().scaled()).isTrue();
        properties.put("orchestrationTier", "zero");
        assertThatThrownBy(this::settings).hasMessage("-DorchestrationTier must be scaled or in-process, not 'zero'");
    }

    @Test
    void eachBadValueIsOneSentenceNamingTheProperty() {
        properties.put("batches", "lots");
        assertThatThrownBy(this::settings).hasMessage("-Dbatches must be a whole number, not 'lots'");
        properties.put("batches", "0");
        assertThatThrownBy(this::settings).hasMessage("-Dbatches must be 1-10000");
        properties.clear();
        properties.put("sweep", "1,32");
        assertThatThrownBy(this::settings).hasMessageStartingWith("-Dsweep must list partition counts 1-16");
        properties.clear();
        properties.put("duration", "soon");
        assertThatThrownBy(this::settings).hasMessageStartingWith("-Dduration must be a duration");
        properties.clear();
        properties.put("kernel", "nope");
        assertThatThrownBy(this::settings).hasMessageStartingWith("-Dkernel: ");
        properties.clear();
        properties.put("target", "ftp://x");
        assertThatThrownBy(this::settings).hasMessageStartingWith("-Dtarget must be an http(s) URL");
        properties.clear();
        properties.put("sizing", "no/such/sizing.json");
        assertThatThrownBy(this::settings).hasMessageStartingWith("-Dsizing must be a sizing.json");
        properties.clear();
        properties.put("orchestrationWorkers", "0");
        assertThatThrownBy(this::settings).hasMessage("-DorchestrationWorkers must be 1-64");
    }

    @Test
    void aClusterTargetNeedsTheHostKeyAndTheConnectionFromPropertiesOrTheEnvironment() throws Exception {
        properties.put("target", "https://app.example.net/");
        assertThatThrownBy(this::settings).hasMessageStartingWith("-DhostKey is needed with -Dtarget");
        environment.put(LoadSettings.HOST_KEY_ENV, "k3y-secret");
        assertThatThrownBy(this::settings).hasMessageStartingWith("-Dconnection is needed with -Dtarget");
        environment.put("AZURE_STORAGE_CONNECTION_STRING", "AccountName=a;AccountKey=s3cret;EndpointSuffix=x");

        LoadSettings s = settings();

        assertThat(s.embedded()).isFalse();
        assertThat(s.target()).hasValueSatisfying(uri -> assertThat(uri.toString()).isEqualTo("https://app.example.net"));
        String described = RunJson.MAPPER.writeValueAsString(s.describe());
        assertThat(described).contains("\"target\":\"cluster\"", "\"targetUrl\":\"https://app.example.net\"")
                .doesNotContain("k3y-secret", "s3cret");
        // The cluster's own scaling is deployed, not a setting of the load test.
        assertThat(s.workload().scaling()).isNull();
    }
}

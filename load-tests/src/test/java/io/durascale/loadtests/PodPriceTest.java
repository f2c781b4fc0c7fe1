package io.durascale.loadtests;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.run.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where idle pod-seconds get their price: the flag, else the run's sizing, else the default. */
class PodPriceTest {

    private static final String SIZING = """
            {"kernel": "stencil", "skus": [
              {"name": "Standard_D4s_v5", "vcpus": 4, "pricePerHour": 0.192, "podsPerNode": 3},
              {"name": "Standard_F4s_v2", "vcpus": 4, "pricePerHour": 0.169, "podsPerNode": 4}],
             "recommended": {"sku": "Standard_F4s_v2", "reason": "cheapest per block"}}""";

    private final Map<String, String> properties = new HashMap<>();

    private LoadSettings settings() {
        return LoadSettings.from(properties::get, name -> null);
    }

    @Test
    void theRecommendedSkusPriceIsSharedByItsPodsPerNodeUnlessTheFlagGivesOne(@TempDir Path dir) throws Exception {
        RunDirectory run = RunDirectory.create(dir, "load-test");
        Files.writeString(run.file("sizing.json"), SIZING);

        PodPrice fromSizing = PodPrice.of(settings(), run);

        assertThat(fromSizing.perPodHour()).isEqualTo(0.04225);
        assertThat(fromSizing.source()).isEqualTo("sizing.json: Standard_F4s_v2 / 4 pods per node");
        properties.put("pricePerPodHour", "0.5");
        assertThat(PodPrice.of(settings(), run)).isEqualTo(new PodPrice(0.5, "-DpricePerPodHour"));
    }

    @Test
    void withoutAUsableSizingTheDefaultPriceIsUsed(@TempDir Path dir) throws Exception {
        RunDirectory run = RunDirectory.create(dir, "load-test");
        PodPrice fallback = new PodPrice(LoadSettings.DEFAULT_PRICE_PER_POD_HOUR, PodPrice.DEFAULT_SOURCE);
        assertThat(PodPrice.of(settings(), run)).isEqualTo(fallback);

        Files.writeString(run.file("sizing.json"), "{\"skus\": [], \"recommended\": {\"sku\": \"Standard_X\"}}");
        assertThat(PodPrice.of(settings(), run)).isEqualTo(fallback);
        Files.writeString(run.file("sizing.json"), "{not json");
        assertThat(PodPrice.of(settings(), run)).isEqualTo(fallback);
    }
}

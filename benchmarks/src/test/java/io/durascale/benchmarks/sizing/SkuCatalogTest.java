package io.durascale.benchmarks.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SkuCatalogTest {

    private static final String ONE_SKU = """
            {"currency": "EUR", "allocatable": {"maxPods": 30, "daemonSetCpuMillis": 200, "daemonSetMemoryMiB": 256},
             "skus": [{"name": "Standard_D4s_v5", "vcpus": 4, "memoryGiB": 16, "pricePerHour": 0.21,
                       "priceRegion": "westeurope", "priceSource": "our EA price sheet", "priceDate": "2026-10-01"}]}
            """;

    @Test
    void theBundledCatalogListsSixSkusWithRegionSourceAndDateBesideEachPrice() {
        SkuCatalog catalog = SkuCatalog.bundled();
        assertThat(catalog.skus()).extracting(Sku::name).containsExactly("Standard_D2s_v5", "Standard_D4s_v5",
                "Standard_D8s_v5", "Standard_F2s_v2", "Standard_F4s_v2", "Standard_F8s_v2");
        assertThat(catalog.skus()).allSatisfy(sku -> {
            assertThat(sku.pricePerHour()).isPositive();
            assertThat(sku.priceRegion()).isEqualTo("eastus");
            assertThat(sku.priceSource()).contains("pay-as-you-go");
            assertThat(sku.priceDate()).matches("\\d{4}-\\d{2}-\\d{2}");
            assertThat(sku.threadsPerCore()).isEqualTo(2);
        });
        assertThat(catalog.sku("standard_f8s_v2")).hasValueSatisfying(f8 -> {
            assertThat(f8.vcpus()).isEqualTo(8);
            assertThat(f8.memoryGiB()).isEqualTo(16.0);
            assertThat(f8.pricePerHour()).isEqualTo(0.338);
            assertThat(f8.allocatableCpuMillis()).isEqualTo(7820);
            assertThat(f8.allocatableMemoryMiB()).isEqualTo(16_384 - 2250 - 100);
        });
        assertThat(catalog.description()).contains("override this catalog with --catalog");
    }

    @Test
    void aUserCatalogOverridesPricesAndReservations(@TempDir Path dir) throws Exception {
        SkuCatalog catalog = SkuCatalog.read(Files.writeString(dir.resolve("my-skus.json"), ONE_SKU));
        assertThat(catalog.currency()).isEqualTo("EUR");
        assertThat(catalog.daemonSetCpuMillis()).isEqualTo(200);
        Sku d4 = catalog.skus().get(0);
        assertThat(d4.allocatableMemoryMiB()).isEqualTo(16_384 - 650 - 100);
        assertThat(catalog.regions()).isEqualTo("westeurope");

        SkuCatalog fractions = SkuCatalog.parse(ONE_SKU.replace("\"priceDate\": \"2026-10-01\"",
                "\"priceDate\": \"2026-10-01\", \"allocatableCpuFraction\": 0.9, \"allocatableMemoryFraction\": 0.75"), "f.json");
        assertThat(fractions.skus().get(0).allocatableCpuMillis()).isEqualTo(3600);
        assertThat(fractions.skus().get(0).allocatableMemoryMiB()).isEqualTo(12_288);
    }

    @Test
    void aBadCatalogIsOneSentenceNamingTheFileTheEntryAndTheField(@TempDir Path dir) {
        assertThatThrownBy(() -> SkuCatalog.parse(ONE_SKU.replace("\"pricePerHour\": 0.21", "\"pricePerHour\": \"cheap\""), "my.json"))
                .hasMessage("SKU catalog my.json: skus[0] (Standard_D4s_v5): pricePerHour (EUR per hour) must be a positive "
                        + "number, got \"cheap\"");
        assertThatThrownBy(() -> SkuCatalog.parse(ONE_SKU.replace(", \"priceDate\": \"2026-10-01\"", ""), "my.json"))
                .hasMessage("SKU catalog my.json: skus[0] (Standard_D4s_v5) has no \"priceDate\": write the region, source "
                        + "and date beside every price");
        assertThatThrownBy(() -> SkuCatalog.parse(ONE_SKU.replace("\"vcpus\": 4", "\"vcpus\": 2.5"), "my.json"))
                .hasMessage("SKU catalog my.json: skus[0] (Standard_D4s_v5): vcpus must be a whole number in 1..1024, got 2.5");
        assertThatThrownBy(() -> SkuCatalog.parse("{\"skus\": []}", "my.json"))
                .hasMessageStartingWith("SKU catalog my.json needs a non-empty \"skus\" array");
        assertThatThrownBy(() -> SkuCatalog.parse("{\"skus\": [", "my.json"))
                .hasMessageStartingWith("SKU catalog my.json is not valid JSON: ");
        String twice = ONE_SKU.replace("]}", ", " + ONE_SKU.substring(ONE_SKU.indexOf("{\"name\""), ONE_SKU.lastIndexOf("]}")) + "]}");
        assertThatThrownBy(() -> SkuCatalog.parse(twice, "my.json"))
                .hasMessage("SKU catalog my.json: skus[1] (Standard_D4s_v5) repeats a name; each SKU appears once");
        assertThatThrownBy(() -> SkuCatalog.parse(ONE_SKU.replace("\"maxPods\": 30", "\"maxPods\": 5"), "my.json"))
                .hasMessage("SKU catalog my.json: allocatable.maxPods must be a whole number in 10..250, got 5");
        assertThatThrownBy(() -> SkuCatalog.parse(ONE_SKU.replace("\"priceDate\": \"2026-10-01\"",
                "\"priceDate\": \"2026-10-01\", \"allocatableCpuFraction\": 1.5"), "my.json"))
                .hasMessage("SKU catalog my.json: skus[0] (Standard_D4s_v5): allocatableCpuFraction must be a number in "
                        + "(0, 1], got 1.5");
        Path missing = dir.resolve("nope.json");
        assertThatThrownBy(() -> SkuCatalog.read(missing)).hasMessage("SKU catalog " + missing + " does not exist");
    }
}

package io.durascale.loadtests;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.durascale.run.RunDirectory;
import io.durascale.run.RunFile;
import io.durascale.run.RunJson;
import io.durascale.run.figures.RunFigures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The price of one worker pod-hour that idle pod-seconds are costed at: {@code -DpricePerPodHour}, else the
 * recommended SKU's hourly price in {@code sizing.json} (the run directory's, or {@code -Dsizing}) over its
 * pods per node, else a default.
 */
record PodPrice(double perPodHour, String source) {

    private static final Logger log = LoggerFactory.getLogger(PodPrice.class);

    static final String DEFAULT_SOURCE =
            "default: a 1-vCPU pod's share of Standard_D4s_v5 at 0.192 USD/h (East US, pay-as-you-go)";

    /**
     * The part of sizing.json a price needs. run-format has no sizing record yet (the reports read it as
     * JSON too); this binds the few fields by name instead of walking paths.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Sizing(Recommended recommended, List<Sku> skus) {

        record Recommended(String sku) {
        }

        record Sku(String name, double pricePerHour, int podsPerNode) {
        }
    }

    static PodPrice of(LoadSettings settings, RunDirectory run) {
        if (settings.pricePerPodHour().isPresent()) {
            return new PodPrice(settings.pricePerPodHour().get(), "-DpricePerPodHour");
        }
        Path file = settings.sizing().orElse(run.file(RunFile.SIZING));
        if (Files.isRegularFile(file)) {
            try {
                Sizing sizing = RunJson.MAPPER.readValue(file.toFile(), Sizing.class);
                String recommended = sizing.recommended() == null ? null : sizing.recommended().sku();
                for (Sizing.Sku sku : sizing.skus() == null ? List.<Sizing.Sku>of() : sizing.skus()) {
                    if (sku != null && recommended != null && recommended.equals(sku.name()) && sku.podsPerNode() > 0) {
                        return new PodPrice(RunFigures.round(sku.pricePerHour() / sku.podsPerNode(), 5),
                                "sizing.json: " + recommended + " / " + sku.podsPerNode() + " pods per node");
                    }
                }
            } catch (IOException | RuntimeException e) {
                log.warn("sizing.json in the run directory is unreadable ({}); using the default pod price", e.getMessage());
            }
        }
        return new PodPrice(LoadSettings.DEFAULT_PRICE_PER_POD_HOUR, DEFAULT_SOURCE);
    }
}

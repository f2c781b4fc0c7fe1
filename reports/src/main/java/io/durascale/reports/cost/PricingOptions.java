package io.durascale.reports.cost;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --pricing FILE} and {@code --price KEY=VALUE}, for every command that prices a run (report, compare). */
public final class PricingOptions {

    @Option(names = "--pricing", paramLabel = "FILE", description = "JSON file of prices and assumptions (see docs/sizing-and-gate.md)")
    Path pricingFile;

    @Option(names = "--price", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "override one price or assumption, e.g. --price functions.pricePerGbSecond=0.000026 "
                    + "--price pricePerPodHour=0.05 (repeatable; applied after --pricing)")
    Map<String, String> prices = new LinkedHashMap<>();

    /**
     * The defaults, then the file, then each {@code --price}.
     *
     * @throws io.durascale.run.RunInputException for an unknown key, a bad value or an unreadable file
     */
    public Pricing pricing() {
        Pricing pricing = Pricing.defaults();
        if (pricingFile != null) {
            pricing = pricing.withFile(pricingFile);
        }
        for (Map.Entry<String, String> p : prices.entrySet()) {
            pricing = pricing.with(p.getKey(), p.getValue(), "--price " + p.getKey());
        }
        return pricing;
    }
}

package io.durascale.reports.cost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.durascale.run.RunInputException;
import io.durascale.run.RunJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The prices and assumptions of the cost comparison, each with its source. The defaults come from
 * public pages of uneven authority (listed in the report); a pricing file ({@code --pricing}) or
 * {@code --price key=value} replaces any of them. This is the one place they are parsed and validated.
 */
public final class Pricing {

    public static final String POD_HOUR = "pricePerPodHour";
    public static final String GB_SECOND = "functions.pricePerGbSecond";
    public static final String MILLION_EXECUTIONS = "functions.pricePerMillionExecutions";
    public static final String FREE_GB_SECONDS = "functions.freeGbSecondsPerMonth";
    public static final String FREE_EXECUTIONS = "functions.freeExecutionsPerMonth";
    public static final String MEMORY_GB = "functions.memoryGb";
    public static final String EXECUTION_SECONDS = "functions.executionSeconds";
    public static final String MINIMUM_SECONDS = "functions.minimumExecutionSeconds";
    public static final String EXECUTIONS = "functions.executions";
    public static final String TIER_PODS_PER_NODE = "tiers.podsPerNode";
    public static final String TIER_POD_HOUR = "tiers.pricePerPodHour";
    public static final String RUNS_PER_MONTH = "runsPerMonth";
    public static final String HOURS_PER_MONTH = "hoursPerMonth";

    private static final String FUNCTIONS_PRICE_SOURCE = "Azure Functions Consumption plan, East US: modal.com "
            + "\"Azure Functions pricing guide\" (third-party, undated; Azure's long-standing list price, not confirmed "
            + "on an official page; looked up 2026-11)";
    private static final String FUNCTIONS_GRANT_SOURCE = "official pricing page azure.microsoft.com/pricing/details/"
            + "functions (monthly free grant per subscription; looked up 2026-11)";

    /** One price or assumption: the value is null where it is derived from the run unless given. */
    public record Item(String key, String unit, String description, Double value, String source) {
    }

    private final String currency;
    private final Map<String, Item> items;

    private Pricing(String currency, Map<String, Item> items) {
        this.currency = currency;
        this.items = items;
    }

    public static Pricing defaults() {
        Map<String, Item> m = new LinkedHashMap<>();
        put(m, POD_HOUR, "per pod-hour", "what one worker pod costs for an hour: its node's price over the pods that fit on it",
                null, "derived from the run (metrics.json idle cost price, else the recommended SKU in sizing.json), else "
                        + "0.048: Standard_D2s_v5 at $0.096/h (c3x.dev, East US pay-as-you-go Linux, June 2026; third-party) "
                        + "shared by 2 pods");
        put(m, GB_SECOND, "per GB-s", "Functions execution time price", 0.000016, FUNCTIONS_PRICE_SOURCE);
        put(m, MILLION_EXECUTIONS, "per million executions", "Functions execution price", 0.20, FUNCTIONS_PRICE_SOURCE);
        put(m, FREE_GB_SECONDS, "GB-s per month", "Functions free grant of execution time", 400_000.0, FUNCTIONS_GRANT_SOURCE);
        put(m, FREE_EXECUTIONS, "executions per month", "Functions free grant of executions", 1_000_000.0,
                FUNCTIONS_GRANT_SOURCE);
        put(m, MEMORY_GB, "GB", "memory billed per execution (rounded up to 128 MB, at most 1.5 GB)", null,
                "derived from sizing.json memoryPerSlotBytes, else 0.5 (assumption)");
        put(m, EXECUTION_SECONDS, "s", "duration of one execution (one block)", null,
                "derived from sizing.json (1 / per-core blocks per second), else 1.0 (assumption)");
        put(m, MINIMUM_SECONDS, "s", "minimum billed execution time", 0.1,
                "commonly cited; not confirmed on the official page (which rounds up to 1 ms)");
        put(m, EXECUTIONS, "executions", "executions for this run's work (one per block)", null,
                "derived: busy pod-seconds x worker concurrency / execution duration");
        put(m, TIER_PODS_PER_NODE, "pods per node", "small pods of the other tiers (API, orchestration, bridge, scaler) "
                + "that share one node", 8.0, "assumption: a small pod (0.25 vCPU, 0.5 GiB requests) takes 1/8 of a 2-vCPU, "
                + "8 GiB node after the system's reservations");
        put(m, TIER_POD_HOUR, "per pod-hour", "what one pod of the other tiers costs for an hour: a small pod's share of a node",
                null, "derived: the recommended SKU's pricePerHour in sizing.json (else Standard_D2s_v5 at $0.096/h) / "
                        + TIER_PODS_PER_NODE);
        put(m, RUNS_PER_MONTH, "runs", "how often this run's work recurs in a month", 30.0, "assumption: once a day");
        put(m, HOURS_PER_MONTH, "h", "hours in a month", 730.0, "Azure's billing month");
        return new Pricing("USD", m);
    }

    private static void put(Map<String, Item> m, String key, String unit, String description, Double value, String source) {
        m.put(key, new Item(key, unit, description, value, source));
    }

    public String currency() {
        return currency;
    }

    public List<Item> items() {
        return List.copyOf(items.values());
    }

    public Item item(String key) {
        return items.get(key);
    }

    /** The value given or defaulted; empty where the run has to supply it. */
    public Optional<Double> value(String key) {
        return Optional.ofNullable(items.get(key).value());
    }

    /**
     * A pricing file: JSON with the same keys, flat ({@code "functions.pricePerGbSecond": 0.000026}) or nested
     * ({@code "functions": {"pricePerGbSecond": 0.000026}}), and optionally {@code "currency"}.
     *
     * @throws RunInputException naming the key or the syntax error
     */
    public Pricing withFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new RunInputException("pricing file " + file + " does not exist: give a JSON file such as "
                    + "{\"pricePerPodHour\": 0.05, \"functions\": {\"pricePerGbSecond\": 0.000016}}.");
        }
        JsonNode root;
        try {
            root = RunJson.MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new RunInputException("pricing file " + file + " is not valid JSON (line " + e.getLocation().getLineNr()
                    + ": " + e.getOriginalMessage() + "): fix it or leave --pricing out.");
        } catch (IOException e) {
            throw new RunInputException("pricing file " + file + " cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new RunInputException("pricing file " + file + " must hold a JSON object of prices.");
        }
        Pricing p = this;
        Map<String, JsonNode> flat = new LinkedHashMap<>();
        flatten("", root, flat);
        for (Map.Entry<String, JsonNode> e : flat.entrySet()) {
            if (e.getKey().equals("currency")) {
                p = new Pricing(e.getValue().asText(), p.items);
            } else if (!e.getValue().isNull()) {
                p = p.with(e.getKey(), e.getValue().asText(), "pricing file " + file.getFileName());
            }
        }
        return p;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = prefix + e.getKey();
            if (e.getValue().isObject()) {
                flatten(key + ".", e.getValue(), out);
            } else {
                out.put(key, e.getValue());
            }
        }
    }

    /**
     * @throws RunInputException for an unknown key or a value that is not a non-negative number
     */
    public Pricing with(String key, String value, String source) {
        if (key.equals("currency")) {
            return new Pricing(value, items);
        }
        Item old = items.get(key);
        if (old == null) {
            throw new RunInputException("unknown price \"" + key + "\": use one of currency, " + String.join(", ", items.keySet())
                    + ".");
        }
        double v;
        try {
            v = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new RunInputException("price " + key + "=\"" + value + "\" is not a number: give it in " + old.unit() + ".");
        }
        if (!Double.isFinite(v) || v < 0) {
            throw new RunInputException("price " + key + "=" + value + " must be a non-negative number (" + old.unit() + ").");
        }
        Map<String, Item> copy = new LinkedHashMap<>(items);
        copy.put(key, new Item(key, old.unit(), old.description(), v, source));
        return new Pricing(currency, copy);
    }
}

package io.durascale.benchmarks.sizing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The VM sizes to size for, with prices: the bundled {@code sku-catalog.json} (East US list prices)
 * or the user's own file of the same shape. Every value is checked here, once; a bad file gives
 * one sentence naming the file, the entry and the field.
 *
 * @param source where the catalog came from (the bundled resource or a file)
 * @param daemonSetCpuMillis CPU requested on every node by DaemonSets, taken off allocatable before packing workers
 * @param daemonSetMemoryMiB likewise for memory
 */
public record SkuCatalog(String source, String description, String currency, int maxPods, long daemonSetCpuMillis,
                         long daemonSetMemoryMiB, List<Sku> skus) {

    public static final String BUNDLED = "sku-catalog.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> ALLOCATABLE_RULES = Set.of("aks", "fraction");

    public SkuCatalog {
        skus = List.copyOf(skus);
    }

    /** The catalog shipped in benchmarks.jar. */
    public static SkuCatalog bundled() {
        try (InputStream in = SkuCatalog.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("benchmarks.jar lacks its " + BUNDLED);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "bundled " + BUNDLED);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled " + BUNDLED, e);
        }
    }

    /**
     * Reads a user's catalog.
     *
     * @throws IllegalArgumentException one sentence naming the file and the problem
     */
    public static SkuCatalog read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("SKU catalog " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read SKU catalog " + file + ": " + e.getMessage());
        }
    }

    /**
     * Parses catalog JSON; {@code source} names it in errors.
     *
     * @throws IllegalArgumentException one sentence naming the source, the entry and the field
     */
    public static SkuCatalog parse(String text, String source) {
        String where = "SKU catalog " + source;
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(where + " is not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(where + " must be a JSON object with a \"skus\" array");
        }
        String currency = optionalText(root, "currency", where).orElse("USD");
        JsonNode allocatable = root.path("allocatable");
        if (!allocatable.isMissingNode() && !allocatable.isObject()) {
            throw new IllegalArgumentException(where + ": \"allocatable\" must be an object");
        }
        String rule = optionalText(allocatable, "rule", where + " allocatable").orElse("aks");
        if (!ALLOCATABLE_RULES.contains(rule)) {
            throw new IllegalArgumentException(where + ": allocatable.rule must be \"aks\" (AKS reservations) or "
                    + "\"fraction\" (every SKU gives allocatableCpuFraction and allocatableMemoryFraction), got \"" + rule + "\"");
        }
        int maxPods = (int) wholeNumber(allocatable, "maxPods", where + ": allocatable.maxPods", 110, 10, 250);
        long dsCpu = wholeNumber(allocatable, "daemonSetCpuMillis", where + ": allocatable.daemonSetCpuMillis", 0, 0, 64_000);
        long dsMemory = wholeNumber(allocatable, "daemonSetMemoryMiB", where + ": allocatable.daemonSetMemoryMiB", 0, 0,
                1_048_576);

        JsonNode skuNodes = root.get("skus");
        if (skuNodes == null || !skuNodes.isArray() || skuNodes.isEmpty()) {
            throw new IllegalArgumentException(where + " needs a non-empty \"skus\" array of {name, vcpus, memoryGiB, "
                    + "pricePerHour, priceRegion, priceSource, priceDate}");
        }
        List<Sku> skus = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < skuNodes.size(); i++) {
            JsonNode node = skuNodes.get(i);
            String at = where + ": skus[" + i + "]";
            if (!node.isObject()) {
                throw new IllegalArgumentException(at + " must be an object");
            }
            String unnamed = at;
            String name = optionalText(node, "name", at).orElseThrow(() -> new IllegalArgumentException(unnamed + " has no \"name\""));
            at = at + " (" + name + ")";
            if (!names.add(name)) {
                throw new IllegalArgumentException(at + " repeats a name; each SKU appears once");
            }
            int vcpus = (int) wholeNumber(node, "vcpus", at + ": vcpus", -1, 1, 1024);
            double memoryGiB = positive(node, "memoryGiB", at + ": memoryGiB (GiB of memory)");
            double price = positive(node, "pricePerHour", at + ": pricePerHour (" + currency + " per hour)");
            String region = requiredText(node, "priceRegion", at);
            String priceSource = requiredText(node, "priceSource", at);
            String priceDate = requiredText(node, "priceDate", at);
            long cpu;
            long memory;
            String how;
            if (node.has("allocatableCpuFraction") || node.has("allocatableMemoryFraction") || rule.equals("fraction")) {
                double cpuFraction = fraction(node, "allocatableCpuFraction", at);
                double memoryFraction = fraction(node, "allocatableMemoryFraction", at);
                cpu = (long) Math.floor(vcpus * 1000L * cpuFraction);
                memory = (long) Math.floor(memoryGiB * 1024 * memoryFraction);
                how = String.format(java.util.Locale.ROOT, "catalog fractions: %.3f of CPU, %.3f of memory", cpuFraction,
                        memoryFraction);
            } else {
                cpu = AksAllocatable.cpuMillis(vcpus);
                memory = AksAllocatable.memoryMiB(memoryGiB, maxPods);
                how = AksAllocatable.describe(maxPods);
            }
            int threadsPerCore = (int) wholeNumber(node, "threadsPerCore", at + ": threadsPerCore", 0, 1, 8);
            skus.add(new Sku(name, vcpus, memoryGiB, price, region, priceSource, priceDate, cpu, memory, how, threadsPerCore));
        }
        return new SkuCatalog(source, optionalText(root, "description", where).orElse(""), currency, maxPods, dsCpu,
                dsMemory, skus);
    }

    public Optional<Sku> sku(String name) {
        return skus.stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The region(s) of the prices, joined. */
    public String regions() {
        Set<String> regions = new LinkedHashSet<>();
        skus.forEach(s -> regions.add(s.priceRegion()));
        return String.join(", ", regions);
    }

    /** The price sources, joined. */
    public String priceSources() {
        Set<String> sources = new LinkedHashSet<>();
        skus.forEach(s -> sources.add(s.priceSource()));
        return String.join("; ", sources);
    }

    /** The price dates, joined. */
    public String priceDates() {
        Set<String> dates = new LinkedHashSet<>();
        skus.forEach(s -> dates.add(s.priceDate()));
        return String.join(", ", dates);
    }

    private static double fraction(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber() || !(value.doubleValue() > 0) || value.doubleValue() > 1) {
            throw new IllegalArgumentException(at + ": " + field + " must be a number in (0, 1], got "
                    + (value == null ? "nothing" : value));
        }
        return value.doubleValue();
    }

    private static double positive(JsonNode node, String field, String what) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber() || !(value.doubleValue() > 0) || !Double.isFinite(value.doubleValue())) {
            throw new IllegalArgumentException(what + " must be a positive number, got " + (value == null ? "nothing" : value));
        }
        return value.doubleValue();
    }

    private static long wholeNumber(JsonNode node, String field, String what, long fallback, long min, long max) {
        JsonNode value = node.get(field);
        if (value == null || value.isMissingNode()) {
            if (fallback < 0) {
                throw new IllegalArgumentException(what + " is missing");
            }
            return fallback;
        }
        if (!value.isIntegralNumber() || value.longValue() < min || value.longValue() > max) {
            throw new IllegalArgumentException(what + " must be a whole number in " + min + ".." + max + ", got " + value);
        }
        return value.longValue();
    }

    private static String requiredText(JsonNode node, String field, String at) {
        return optionalText(node, field, at).orElseThrow(() -> new IllegalArgumentException(at + " has no \"" + field
                + "\": write the region, source and date beside every price"));
    }

    private static Optional<String> optionalText(JsonNode node, String field, String at) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isMissingNode()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(at + ": \"" + field + "\" must be a string, got " + value);
        }
        return value.textValue().isBlank() ? Optional.empty() : Optional.of(value.textValue().trim());
    }
}

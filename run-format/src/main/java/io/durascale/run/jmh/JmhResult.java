package io.durascale.run.jmh;

import java.util.Map;
import java.util.Optional;

/**
 * One entry of JMH's JSON result: a benchmark method under one combination of parameters.
 *
 * @param benchmark the fully qualified method, e.g. {@code io.durascale.benchmarks.KernelBenchmark.compute}
 * @param mode JMH's short mode label: {@code thrpt}, {@code avgt}, {@code sample} or {@code ss}
 * @param threads worker threads; in throughput mode the score is their sum
 * @param params the {@code @Param} values (strings, as JMH writes them); empty when the benchmark has none
 * @param primary the measured score
 * @param secondary profiler metrics by name, e.g. {@code gc.alloc.rate.norm} with {@code -prof gc}
 */
public record JmhResult(String jmhVersion, String benchmark, String mode, int threads, int forks, String jdkVersion,
                        String vmName, Map<String, String> params, JmhMetric primary, Map<String, JmhMetric> secondary) {

    /** The secondary metric {@code -prof gc} writes: bytes allocated per operation. */
    public static final String ALLOCATION = "gc.alloc.rate.norm";

    public JmhResult {
        params = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(params));
        secondary = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(secondary));
    }

    /** Parameters as JMH prints them, {@code blockSize=256, kernel=stencil}; empty without @Param. */
    public String paramText() {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** The class's simple name and the method, e.g. {@code KernelBenchmark.compute}. */
    public String shortName() {
        int method = benchmark.lastIndexOf('.');
        int type = method <= 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(type + 1);
    }

    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    public Optional<JmhMetric> secondary(String name) {
        return Optional.ofNullable(secondary.get(name));
    }
}

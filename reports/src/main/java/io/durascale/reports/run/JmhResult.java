package io.durascale.reports.run;

import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Collectors;

/** One entry of JMH's JSON result: a benchmark × parameter combination. */
public record JmhResult(String benchmark, String mode, int threads, int forks, SortedMap<String, String> params,
                        String jdkVersion, String vmName, JmhScore primary, Map<String, JmhScore> secondary) {

    public static final String ALLOCATION = "gc.alloc.rate.norm";

    /** The benchmark method without its package: {@code KernelBenchmark.stencil}. */
    public String shortName() {
        String[] parts = benchmark.split("\\.");
        return parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : benchmark;
    }

    /** Parameters as JMH prints them, {@code blockSize=256, kernel=stencil}; empty without @Param. */
    public String paramText() {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }
}

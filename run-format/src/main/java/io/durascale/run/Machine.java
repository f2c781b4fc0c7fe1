package io.durascale.run;

import java.lang.management.ManagementFactory;

/** The machine a run was made on, as {@code run.json} and the gate's baseline record it. */
public record Machine(String os, Integer cpus, Long memoryBytes, String java, Long maxHeapBytes) {

    /** This machine. */
    public static Machine current() {
        long memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
        return new Machine(System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(), memory,
                System.getProperty("java.vendor") + " " + System.getProperty("java.version"), Runtime.getRuntime().maxMemory());
    }
}

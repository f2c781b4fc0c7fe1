package io.durascale.benchmarks.sizing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the OS tells about the CPUs that ran the benchmarks: model, count, whether the CPUs are SMT
 * siblings, whether it is a virtual machine, and the load averages. Read from {@code /proc} and
 * {@code /sys} on Linux; unknown values elsewhere.
 *
 * @param threadsPerCore hardware threads per core as the OS sees them, 0 when unknown
 * @param loadAverage the 1-, 5- and 15-minute load averages, or null when unknown
 */
public record MachineFacts(String cpuModel, int cpus, int threadsPerCore, boolean virtualMachine, double[] loadAverage) {

    /** This machine, now. */
    public static MachineFacts local() {
        return read(Path.of("/"), Runtime.getRuntime().availableProcessors());
    }

    /** Reads the facts under {@code root} (the file system root; tests give a folder). */
    static MachineFacts read(Path root, int cpus) {
        String model = System.getProperty("os.arch");
        boolean vm = false;
        List<String> cpuinfo = lines(root.resolve("proc/cpuinfo"));
        for (String line : cpuinfo) {
            if (line.startsWith("model name") && line.contains(":") && model.equals(System.getProperty("os.arch"))) {
                model = line.substring(line.indexOf(':') + 1).trim();
            }
            if (line.startsWith("flags") && line.matches(".*\\bhypervisor\\b.*")) {
                vm = true;
            }
        }
        int threadsPerCore = 0;
        List<String> siblings = lines(root.resolve("sys/devices/system/cpu/cpu0/topology/thread_siblings_list"));
        if (!siblings.isEmpty()) {
            threadsPerCore = countCpus(siblings.get(0).trim());
        }
        double[] load = null;
        List<String> loadavg = lines(root.resolve("proc/loadavg"));
        if (!loadavg.isEmpty()) {
            String[] parts = loadavg.get(0).trim().split("\\s+");
            try {
                load = new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2])};
            } catch (RuntimeException e) {
                load = null;
            }
        }
        return new MachineFacts(model, cpus, threadsPerCore, vm, load);
    }

    /** "0-1" → 2, "0,4" → 2, "3" → 1. */
    static int countCpus(String list) {
        int count = 0;
        for (String part : list.split(",")) {
            String[] range = part.trim().split("-");
            try {
                count += range.length == 2 ? Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1 : 1;
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return count;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.isReadable(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** E.g. "AMD EPYC, 2 CPUs (1 thread per core, virtual machine)". */
    public String describe() {
        StringBuilder text = new StringBuilder(cpuModel).append(", ").append(cpus).append(cpus == 1 ? " CPU" : " CPUs");
        if (threadsPerCore > 0 || virtualMachine) {
            text.append(" (");
            if (threadsPerCore > 0) {
                text.append(threadsPerCore).append(threadsPerCore == 1 ? " thread per core" : " threads per core");
            }
            if (virtualMachine) {
                text.append(threadsPerCore > 0 ? ", " : "").append("virtual machine");
            }
            text.append(')');
        }
        return text.toString();
    }

    /** E.g. "0.42, 1.10, 2.05". */
    public String describeLoad() {
        return loadAverage == null ? "unknown"
                : String.format(Locale.ROOT, "%.2f, %.2f, %.2f", loadAverage[0], loadAverage[1], loadAverage[2]);
    }
}

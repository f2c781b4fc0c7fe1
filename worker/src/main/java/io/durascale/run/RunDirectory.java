package io.durascale.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run directory: the contract between the instruments that measure and the report and gate
 * that read. Every measuring command writes its files into one (default
 * {@code target/durascale/runs/<timestamp>-<label>/}), starting with {@code run.json}.
 */
public final class RunDirectory {

    public static final String DEFAULT_BASE = "target/durascale/runs";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .findAndAddModules().build();

    private final Path path;

    private RunDirectory(Path path) {
        this.path = path;
    }

    /** Uses {@code explicit} if given (created if missing), else a new timestamped folder under the default base. */
    public static RunDirectory create(Path explicit, String label) {
        Path dir = explicit != null ? explicit
                : Path.of(DEFAULT_BASE, LocalDateTime.now().format(STAMP) + "-" + label);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the run directory " + dir + ": " + e.getMessage(), e);
        }
        return new RunDirectory(dir.toAbsolutePath().normalize());
    }

    public Path path() {
        return path;
    }

    public Path file(String name) {
        return path.resolve(name);
    }

    /** Writes (replaces) a JSON file in the run directory. */
    public Path writeJson(String name, Object value) {
        Path file = path.resolve(name);
        try {
            Files.createDirectories(file.getParent());
            JSON.writeValue(file.toFile(), value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /**
     * Merges entries into {@code run.json} (what ran: target, kernel, SKU, settings, machine),
     * adding the machine description the first time.
     */
    @SuppressWarnings("unchecked")
    public synchronized Path describe(Map<String, Object> entries) {
        Path file = path.resolve("run.json");
        Map<String, Object> run = new LinkedHashMap<>();
        try {
            if (Files.exists(file)) {
                run = JSON.readValue(file.toFile(), LinkedHashMap.class);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        run.putIfAbsent("machine", machine());
        run.putAll(entries);
        return writeJson("run.json", run);
    }

    /** This machine, as reports show it. */
    public static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("memoryBytes", totalMemory());
        m.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        m.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        return m;
    }

    private static long totalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return -1;
    }

    @Override
    public String toString() {
        return path.toString();
    }
}

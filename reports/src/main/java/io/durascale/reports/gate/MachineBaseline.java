package io.durascale.reports.gate;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.durascale.run.Machine;
import io.durascale.run.RunInfo;
import io.durascale.run.RunInputException;
import io.durascale.run.RunJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A machine's own baseline for the figures that compare only on the same machine — load-test times, latencies and
 * rates on the embedded stack — one file per machine and workload under the baselines folder. The first run of a
 * workload on a machine records it; each later run that passes adds its values, so the file holds up to
 * {@link #SAMPLES} runs of each figure and the gate's band is the noise those runs showed; {@code --update-baseline}
 * starts it again from one run.
 *
 * @param format {@value #FORMAT}
 * @param machineId what "the same machine" means: OS and architecture, CPUs, memory (GiB) and the Java feature release
 * @param runs the run directories whose values it holds, oldest first
 * @param metrics one series of values per figure, oldest first
 */
@JsonPropertyOrder({"format", "machineId", "machine", "workload", "createdAt", "updatedAt", "runs", "metrics"})
public record MachineBaseline(String format, String machineId, Machine machine, BaselineFile.Workload workload,
                              String createdAt, String updatedAt, List<String> runs, List<Series> metrics) {

    public static final String FORMAT = "durascale-machine-baseline/1";
    /** The runs a figure's band is estimated from: enough to see a machine's noise, few enough to follow a real change. */
    public static final int SAMPLES = 5;

    /** One figure's values over the runs, with its kind, name and unit as the gate names them. */
    @JsonPropertyOrder({"kind", "name", "unit", "samples"})
    public record Series(String kind, String name, String unit, List<Double> samples) {
    }

    /** The default folder: {@code $DURASCALE_HOME/baselines}, else {@code ~/.durascale/baselines} — per machine, not per clone. */
    public static Path defaultDirectory() {
        String home = System.getenv("DURASCALE_HOME");
        return home != null && !home.isBlank() ? Path.of(home, "baselines")
                : Path.of(System.getProperty("user.home"), ".durascale", "baselines");
    }

    /** The file for a run's machine and workload in {@code dir}, or empty when run.json cannot say what they are. */
    public static Optional<Path> fileFor(Path dir, RunInfo run) {
        if (run == null || run.machine() == null) {
            return Optional.empty();
        }
        BaselineFile.Workload workload = BaselineFile.Workload.of(run);
        String digest = digest(workload == null ? "no workload" : RunJson.MAPPER.valueToTree(workload).toString());
        return Optional.of(dir.resolve(machineId(run.machine()) + "-" + digest + ".json"));
    }

    /** {@code linux-amd64-2cpu-24gib-java17}: the machine's kind, without what changes between two VMs of one kind. */
    static String machineId(Machine m) {
        String os = m.os() == null ? "unknown" : m.os().trim();
        String[] words = os.split("\\s+");
        String family = words[0].toLowerCase(Locale.ROOT);
        String arch = words.length > 1 ? words[words.length - 1].toLowerCase(Locale.ROOT) : "unknown";
        long gib = m.memoryBytes() == null || m.memoryBytes() <= 0 ? 0 : Math.round(m.memoryBytes() / (double) (1L << 30));
        Matcher java = Pattern.compile("(\\d+)(?:\\.|$)").matcher(m.java() == null ? "" : m.java().replaceAll("^\\D+", ""));
        String javaRelease = java.find() ? java.group(1) : "unknown";
        return (family + "-" + arch + "-" + (m.cpus() == null ? 0 : m.cpus()) + "cpu-" + gib + "gib-java" + javaRelease)
                .replaceAll("[^a-z0-9.-]", "_");
    }

    /**
     * @throws RunInputException if the file is there but is not a machine baseline (one sentence naming the fix)
     */
    public static Optional<MachineBaseline> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            MachineBaseline b = RunJson.MAPPER.readValue(file.toFile(), MachineBaseline.class);
            if (!FORMAT.equals(b.format()) || b.metrics() == null) {
                throw new RunInputException("machine baseline " + file + " is not a durascale machine baseline: delete it, "
                        + "or run with --update-baseline to start it again.");
            }
            return Optional.of(b);
        } catch (JsonProcessingException e) {
            throw new RunInputException("machine baseline " + file + " cannot be read (" + e.getOriginalMessage()
                    + "): delete it, or run with --update-baseline to start it again.");
        } catch (IOException e) {
            throw new RunInputException("machine baseline " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** A new baseline from one run's same-machine figures. */
    public static MachineBaseline of(RunInfo run, String runLabel, List<Metric> metrics) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        List<Series> series = new ArrayList<>();
        for (Metric m : metrics) {
            if (m.kind().sameMachineOnly() && Double.isFinite(m.score())) {
                series.add(new Series(m.kind().name().toLowerCase(Locale.ROOT), m.name(), m.unit(), List.of(m.score())));
            }
        }
        return new MachineBaseline(FORMAT, machineId(run.machine()), run.machine(), BaselineFile.Workload.of(run), now, now,
                List.of(runLabel), series);
    }

    /** This baseline with one more run's values, keeping the last {@link #SAMPLES} of each figure. */
    public MachineBaseline adding(String runLabel, List<Metric> metrics) {
        Map<String, Series> byKey = new LinkedHashMap<>();
        metrics().forEach(s -> byKey.put(s.kind() + ":" + s.name(), s));
        for (Metric m : metrics) {
            if (!m.kind().sameMachineOnly() || !Double.isFinite(m.score())) {
                continue;
            }
            String key = m.kind().name().toLowerCase(Locale.ROOT) + ":" + m.name();
            Series old = byKey.get(key);
            List<Double> samples = new ArrayList<>(old == null ? List.of() : old.samples());
            samples.add(m.score());
            byKey.put(key, new Series(key.substring(0, key.indexOf(':')), m.name(), m.unit(),
                    samples.subList(Math.max(0, samples.size() - SAMPLES), samples.size())));
        }
        List<String> allRuns = new ArrayList<>(runs());
        allRuns.add(runLabel);
        return new MachineBaseline(format, machineId, machine, workload, createdAt,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                allRuns.subList(Math.max(0, allRuns.size() - SAMPLES), allRuns.size()), List.copyOf(byKey.values()));
    }

    /** The samples of each figure by the gate's metric key. */
    public Map<String, List<Double>> samplesByKey() {
        Map<String, List<Double>> out = new LinkedHashMap<>();
        for (Series s : metrics()) {
            out.put(s.kind() + ":" + s.name(), s.samples());
        }
        return out;
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, RunJson.PRETTY.writeValueAsString(this));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

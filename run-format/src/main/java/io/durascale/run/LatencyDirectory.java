package io.durascale.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.durascale.run.RunReader.Latency;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A run directory's {@code latency/}: the summaries ({@code NAME.json}) and HdrHistogram distributions ({@code NAME.hgrm}). */
final class LatencyDirectory {

    /** What was read: one latency per operation (the summary, else derived from the histogram), and the file's state. */
    record Contents(List<Latency> latencies, Map<String, PercentileDistribution> distributions, FileStatus status) {
    }

    private LatencyDirectory() {
    }

    static Contents read(Path dir) {
        Map<String, PercentileDistribution> distributions = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return new Contents(List.of(), distributions, FileStatus.missing(RunFile.LATENCY));
        }
        List<String> problems = new ArrayList<>();
        Map<String, Latency> byName = new LinkedHashMap<>();
        for (Path f : RunReader.list(dir)) {
            String file = f.getFileName().toString();
            try {
                if (file.endsWith(".json")) {
                    String name = file.substring(0, file.length() - ".json".length());
                    LatencySummary summary = RunJson.MAPPER.readValue(f.toFile(), LatencySummary.class);
                    if (!LatencySummary.MILLISECONDS.equals(summary.unit())) {
                        throw new IOException("unit \"" + summary.unit() + "\" is not \"ms\"");
                    }
                    byName.put(name, new Latency(summary.name() == null ? summary.named(name) : summary, "latency/" + file));
                } else if (file.endsWith(".hgrm")) {
                    String name = file.substring(0, file.length() - ".hgrm".length());
                    distributions.put(name, PercentileDistribution.read(name, f));
                }
            } catch (JsonProcessingException e) {
                problems.add(file + ": not a latency summary (" + e.getOriginalMessage() + ")");
            } catch (IOException e) {
                problems.add(file + ": " + e.getMessage());
            }
        }
        distributions.forEach((name, d) -> byName.putIfAbsent(name, new Latency(d.summary(), "latency/" + name + ".hgrm")));
        FileStatus status;
        if (!problems.isEmpty()) {
            status = FileStatus.unreadable(RunFile.LATENCY, String.join("; ", problems)
                    + (byName.isEmpty() ? "" : " (read " + byName.size() + " other(s))"));
        } else if (byName.isEmpty()) {
            status = FileStatus.missing(RunFile.LATENCY);
        } else {
            status = FileStatus.present(RunFile.LATENCY, byName.size() + " operation(s)"
                    + (distributions.isEmpty() ? "" : ", " + distributions.size() + " histogram(s)"));
        }
        return new Contents(List.copyOf(byName.values()), distributions, status);
    }
}

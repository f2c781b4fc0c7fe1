package io.durascale.run;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code run.json}: what ran. Every command that writes into a run directory merges what it knows into it
 * ({@link RunDirectory#describe}); a field left null is not written and does not replace an earlier value.
 *
 * @param kind the command: {@code study}, {@code load-test}, {@code sizing}, {@code taskhub-bench}, {@code up}, …
 * @param target {@code embedded} or {@code cluster}
 * @param simulation the Gatling simulation's simple name, for load tests
 * @param storage where the storage was, never its key ({@code StorageAccount.describe()})
 * @param emulator whether the storage was an emulator (its figures show behaviour, not cloud capacity)
 * @param versions durascale, Gatling, JMH, Java, … by name
 * @param workload what the figures depend on (for a load test its settings, for {@code taskhub-bench} its counts):
 *                 the gate compares latencies, times and rates only with a baseline made under an equal workload
 * @param settings every other section a command describes itself with, by name ({@code taskHub}, {@code keda},
 *                 {@code nodePool}, {@code sizing}, {@code sweep}, …), each the JSON of that command's own record
 */
@JsonPropertyOrder({"kind", "target", "simulation", "storage", "emulator", "machine", "versions", "kernel", "blockSize",
        "startedAt", "finishedAt", "workload"})
public record RunInfo(String kind, String target, String simulation, String storage, Boolean emulator, Machine machine,
                      Map<String, String> versions, String kernel, Integer blockSize, Instant startedAt, Instant finishedAt,
                      JsonNode workload, @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> settings) {

    public RunInfo {
        settings = settings == null ? new LinkedHashMap<>() : new LinkedHashMap<>(settings);
    }

    /** An empty description, to fill with the {@code with…} methods. */
    public static RunInfo of(String kind) {
        return new RunInfo(kind, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public RunInfo withTarget(String target) {
        return new RunInfo(kind, target, simulation, storage, emulator, machine, versions, kernel, blockSize, startedAt,
                finishedAt, workload, settings);
    }

    public RunInfo withSimulation(String simulation) {
        return new RunInfo(kind, target, simulation, storage, emulator, machine, versions, kernel, blockSize, startedAt,
                finishedAt, workload, settings);
    }

    public RunInfo withStorage(String storage, boolean emulator) {
        return new RunInfo(kind, target, simulation, storage, emulator, machine, versions, kernel, blockSize, startedAt,
                finishedAt, workload, settings);
    }

    public RunInfo withMachine(Machine machine) {
        return new RunInfo(kind, target, simulation, storage, emulator, machine, versions, kernel, blockSize, startedAt,
                finishedAt, workload, settings);
    }

    public RunInfo withVersions(Map<String, String> versions) {
        return new RunInfo(kind, target, simulation, storage, emulator, machine, versions, kernel, blockSize, startedAt,
                finishedAt, workload, settings);
    }

    public RunInfo withKernel(String kernel, Integer blockSize) {
        return new RunInfo(kind, target, simulation, storage, emulator, machine, versions, kernel, blockSize, startedAt,
                finishedAt, workload, settings);
    }

    public RunInfo withStartedAt(Instant startedAt) {
        return new RunInfo(kind, target, simulation, storage, emulator, machine, versions, kernel, blockSize, startedAt,
                finishedAt, workload, settings);
    }

    public RunInfo withFinishedAt(Instant finishedAt) {
        return new RunInfo(kind, target, simulation, storage, emulator, machine, versions, kernel, blockSize, startedAt,
                finishedAt, workload, settings);
    }

    /** The workload, as the JSON of the command's own workload record. */
    public RunInfo withWorkload(Object workload) {
        return new RunInfo(kind, target, simulation, storage, emulator, machine, versions, kernel, blockSize, startedAt,
                finishedAt, workload == null ? null : RunJson.MAPPER.valueToTree(workload), settings);
    }

    /** One settings section, as the JSON of the command's own record (a ScaledObject, a node pool, …). */
    public RunInfo withSetting(String name, Object value) {
        Map<String, JsonNode> more = new LinkedHashMap<>(settings);
        more.put(name, RunJson.MAPPER.valueToTree(value));
        return new RunInfo(kind, target, simulation, storage, emulator, machine, versions, kernel, blockSize, startedAt,
                finishedAt, workload, more);
    }

    /** A settings section, if the run has it. */
    public JsonNode setting(String name) {
        return settings.get(name);
    }

    /**
     * A settings section bound to its writer's record ({@link SweepPoint}, …); empty when the run has none or it does
     * not fit the record (a reader shows the rest).
     */
    public <T> java.util.Optional<T> setting(String name, Class<T> type) {
        JsonNode node = settings.get(name);
        if (node == null || node.isNull()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(RunJson.MAPPER.treeToValue(node, type));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }
}

package io.durascale.benchmarks.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.durascale.benchmarks.sizing.MachineFacts;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark pod's result on stdout, between two marker lines so that it survives JMH's own
 * progress output in the same log: a JSON object {@code {"facts": {...}, "jmh": [...]}} where
 * {@code jmh} is JMH's JSON result, unchanged.
 */
public final class PodOutput {

    public static final String BEGIN = "----- durascale benchmark result begin -----";
    public static final String END = "----- durascale benchmark result end -----";
    private static final ObjectMapper JSON = JsonMapper.builder().serializationInclusion(JsonInclude.Include.NON_NULL).build();

    /** The parsed result: the machine facts and JMH's JSON array as text. */
    public record Result(MachineFacts facts, String jmhJson) {
    }

    /** The block between the markers, written and read as this one record: the facts, then JMH's own JSON. */
    record Block(MachineFacts facts, JsonNode jmh) {
    }

    private PodOutput() {
    }

    /** The block the pod prints. */
    public static String format(MachineFacts facts, ArrayNode jmh) {
        try {
            return BEGIN + "\n" + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(new Block(facts, jmh)) + "\n" + END;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the benchmark result", e);
        }
    }

    /**
     * Finds and parses the result in a pod log.
     *
     * @throws ClusterBenchmarkException naming the pod when the markers or the JSON are missing
     */
    public static Result parse(String log, String podDescription) {
        String text = log == null ? "" : log;
        int begin = text.lastIndexOf(BEGIN);
        int end = begin < 0 ? -1 : text.indexOf(END, begin);
        if (begin < 0 || end < 0) {
            throw new ClusterBenchmarkException(podDescription + " finished without a benchmark result in its log "
                    + "(no '" + BEGIN + "' ... '" + END + "' block); its last lines: " + tail(text));
        }
        String json = text.substring(begin + BEGIN.length(), end).trim();
        Block block;
        try {
            block = JSON.readValue(json, Block.class);
        } catch (JsonProcessingException e) {
            throw new ClusterBenchmarkException(podDescription + " printed a result block that is not JSON of its facts and "
                    + "JMH result (" + e.getOriginalMessage() + ")");
        }
        if (block == null || block.facts() == null || block.jmh() == null || !block.jmh().isArray()) {
            throw new ClusterBenchmarkException(podDescription + " printed a result block without \"facts\" and a \"jmh\" array");
        }
        MachineFacts f = block.facts();
        // An older pod image may leave facts out: unknown CPUs, not a VM, no load averages.
        MachineFacts machine = new MachineFacts(f.cpuModel() == null ? "unknown CPU" : f.cpuModel(), Math.max(1, f.cpus()),
                f.threadsPerCore(), f.virtualMachine(), f.loadAverage() != null && f.loadAverage().length == 3 ? f.loadAverage() : null);
        return new Result(machine, block.jmh().toString());
    }

    private static String tail(String log) {
        List<String> lines = new ArrayList<>(List.of(log.split("\n")));
        List<String> last = lines.subList(Math.max(0, lines.size() - 5), lines.size());
        String joined = String.join(" | ", last).trim();
        return joined.isEmpty() ? "(empty log)" : joined;
    }
}

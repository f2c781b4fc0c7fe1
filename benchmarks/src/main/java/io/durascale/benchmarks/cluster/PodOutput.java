package io.durascale.benchmarks.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The parsed result: the machine facts and JMH's JSON array as text. */
    public record Result(MachineFacts facts, String jmhJson) {
    }

    private PodOutput() {
    }

    /** The block the pod prints. */
    public static String format(MachineFacts facts, ArrayNode jmh) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode f = root.putObject("facts");
        f.put("cpuModel", facts.cpuModel());
        f.put("cpus", facts.cpus());
        f.put("threadsPerCore", facts.threadsPerCore());
        f.put("virtualMachine", facts.virtualMachine());
        if (facts.loadAverage() != null) {
            ArrayNode load = f.putArray("loadAverage");
            for (double value : facts.loadAverage()) {
                load.add(value);
            }
        }
        root.set("jmh", jmh);
        try {
            return BEGIN + "\n" + JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n" + END;
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
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ClusterBenchmarkException(podDescription + " printed a result block that is not JSON ("
                    + e.getOriginalMessage() + ")");
        }
        JsonNode facts = root == null ? null : root.get("facts");
        JsonNode jmh = root == null ? null : root.get("jmh");
        if (facts == null || !facts.isObject() || jmh == null || !jmh.isArray()) {
            throw new ClusterBenchmarkException(podDescription + " printed a result block without \"facts\" and a \"jmh\" array");
        }
        double[] load = null;
        if (facts.path("loadAverage").isArray() && facts.path("loadAverage").size() == 3) {
            load = new double[3];
            for (int i = 0; i < 3; i++) {
                load[i] = facts.path("loadAverage").get(i).asDouble();
            }
        }
        MachineFacts machine = new MachineFacts(facts.path("cpuModel").asText("unknown CPU"), facts.path("cpus").asInt(1),
                facts.path("threadsPerCore").asInt(0), facts.path("virtualMachine").asBoolean(false), load);
        return new Result(machine, jmh.toString());
    }

    private static String tail(String log) {
        List<String> lines = new ArrayList<>(List.of(log.split("\n")));
        List<String> last = lines.subList(Math.max(0, lines.size() - 5), lines.size());
        String joined = String.join(" | ", last).trim();
        return joined.isEmpty() ? "(empty log)" : joined;
    }
}

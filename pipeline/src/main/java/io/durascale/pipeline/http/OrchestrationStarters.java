package io.durascale.pipeline.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.durascale.pipeline.orchestration.BatchCompute;
import io.durascale.pipeline.orchestration.BatchRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The orchestrations the HTTP API can start, each with the parsing and validation of its
 * parameters (query string first, then a JSON body). A missing, non-numeric, out-of-range or
 * unknown parameter is a 400 naming it.
 */
final class OrchestrationStarters {

    /** Reads a named parameter from the query string or the JSON body. */
    record Parameters(Map<String, List<String>> query, JsonNode body) {

        String text(String name) {
            List<String> values = query.get(name);
            if (values != null && !values.isEmpty() && !values.get(0).isBlank()) {
                return values.get(0).trim();
            }
            JsonNode node = body == null ? null : body.get(name);
            return node == null || node.isNull() ? null : node.asText().trim();
        }

        long number(String name, Long fallback) {
            String value = text(name);
            if (value == null) {
                if (fallback == null) {
                    throw ApiException.badRequest(name + " is required");
                }
                return fallback;
            }
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest(name + " must be a whole number, not '" + value + "'");
            }
        }

        int intNumber(String name, Integer fallback) {
            long value = number(name, fallback == null ? null : fallback.longValue());
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                throw ApiException.badRequest(name + " is out of range: " + value);
            }
            return (int) value;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Function<Parameters, Object>> STARTERS = Map.of(BatchCompute.NAME, OrchestrationStarters::batch);

    private OrchestrationStarters() {
    }

    static boolean known(String name) {
        return STARTERS.containsKey(name);
    }

    static List<String> names() {
        return STARTERS.keySet().stream().sorted().toList();
    }

    /** Validates the request's parameters into the orchestration's input. */
    static Object input(String name, Map<String, List<String>> query, String body) {
        return STARTERS.get(name).apply(new Parameters(query, parseBody(body)));
    }

    private static JsonNode parseBody(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && !node.isObject()) {
                throw ApiException.badRequest("the request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw ApiException.badRequest("the request body is not valid JSON");
        }
    }

    private static Object batch(Parameters p) {
        String kernel = p.text("kernel") == null ? BatchRequest.DEFAULT_KERNEL : p.text("kernel");
        try {
            int blockSize = p.text("blockSize") == null ? BatchRequest.defaultBlockSize(kernel) : p.intNumber("blockSize", null);
            return new BatchRequest(p.intNumber("inputCount", null), blockSize, kernel,
                    p.number("seed", BatchRequest.DEFAULT_SEED),
                    p.intNumber("deadlineSeconds", BatchRequest.DEFAULT_DEADLINE_SECONDS));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }
}

package io.durascale.pipeline.local.keda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node of a Kubernetes manifest with its path ({@code spec.triggers[0].metadata}), read with the
 * types the CRDs declare: every error names the path, so a user finds the line to fix.
 */
final class ManifestNode {

    private final JsonNode node;
    private final String path;

    private ManifestNode(JsonNode node, String path) {
        this.node = node == null ? MissingNode.getInstance() : node;
        this.path = path;
    }

    static ManifestNode root(JsonNode node) {
        return new ManifestNode(node, "");
    }

    String path() {
        return path;
    }

    ManifestNode field(String name) {
        return new ManifestNode(node.get(name), path.isEmpty() ? name : path + "." + name);
    }

    /** There, and not {@code null}. */
    boolean isPresent() {
        return !node.isMissingNode() && !node.isNull();
    }

    /** A whole number, or {@code defaultValue} when absent. */
    int integer(int defaultValue) {
        if (!isPresent()) {
            return defaultValue;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw invalid("must be a whole number, got " + node);
        }
        return node.intValue();
    }

    /** A whole number that must be there. */
    int requiredInteger() {
        if (!isPresent()) {
            throw invalid("is required");
        }
        return integer(0);
    }

    /** {@code true} or {@code false}, or {@code defaultValue} when absent. */
    boolean bool(boolean defaultValue) {
        if (!isPresent()) {
            return defaultValue;
        }
        if (!node.isBoolean()) {
            throw invalid("must be true or false, got " + node);
        }
        return node.booleanValue();
    }

    /** A string that must be there and not blank. */
    String text() {
        return optionalText().orElseThrow(() -> invalid("is required"));
    }

    Optional<String> optionalText() {
        if (!isPresent()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw invalid("must be a string, got " + node);
        }
        return node.asText().isBlank() ? Optional.empty() : Optional.of(node.asText());
    }

    /** A list's elements; none when absent. */
    List<ManifestNode> elements() {
        if (!isPresent()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid("must be a list, got " + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        List<ManifestNode> elements = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            elements.add(new ManifestNode(node.get(i), path + "[" + i + "]"));
        }
        return elements;
    }

    /** A map whose values are all strings, as a trigger's metadata; values are never quoted in errors. */
    Map<String, String> stringMap() {
        Map<String, String> values = new LinkedHashMap<>();
        if (!isPresent()) {
            return values;
        }
        if (!node.isObject()) {
            throw invalid("must be a map of strings");
        }
        node.properties().forEach(entry -> {
            if (!entry.getValue().isTextual()) {
                throw field(entry.getKey()).invalid("must be a string (quote it, e.g. '5'), as KEDA's CRD requires");
            }
            values.put(entry.getKey(), entry.getValue().asText());
        });
        return values;
    }

    /** Fails when the field is set: the local KEDA would silently run something else. */
    void notEmulated(String why) {
        if (isPresent() && !(node.isContainerNode() && node.isEmpty())) {
            throw invalid("is not emulated: " + why);
        }
    }

    IllegalArgumentException invalid(String message) {
        return new IllegalArgumentException(path + " " + message);
    }
}

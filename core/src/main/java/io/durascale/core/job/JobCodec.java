package io.durascale.core.job;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The wire form of a {@link JobMessage}: UTF-8 JSON, Base64-encoded as Azure Functions queue
 * triggers expect by default, so a Functions app can consume the same queue.
 *
 * <pre>{"schemaVersion":1,"jobId":"...","instanceId":"...","blockId":"...","kernel":"montecarlo",
 *  "params":{"blockSize":"1000000"},"inputBlob":"compute-input/i/b","outputBlob":"compute-output/i/b",
 *  "enqueuedAt":"2026-01-01T00:00:00Z"}</pre>
 *
 * Unknown fields are ignored (additions within a schema version stay readable); an unknown
 * {@code schemaVersion} is rejected.
 */
public final class JobCodec {

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final String[] TEXT_FIELDS = {"jobId", "instanceId", "blockId", "kernel", "inputBlob", "outputBlob",
        "enqueuedAt"};

    private JobCodec() {
    }

    /** Base64 of the message's UTF-8 JSON. */
    public static String encode(JobMessage message) {
        ObjectNode node = JSON.createObjectNode();
        node.put("schemaVersion", message.schemaVersion());
        node.put("jobId", message.jobId());
        node.put("instanceId", message.instanceId());
        node.put("blockId", message.blockId());
        node.put("kernel", message.kernel());
        ObjectNode params = node.putObject("params");
        message.params().forEach(params::put);
        node.put("inputBlob", message.inputBlob());
        node.put("outputBlob", message.outputBlob());
        node.put("enqueuedAt", message.enqueuedAt().toString());
        try {
            return Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a job message as JSON", e);
        }
    }

    /**
     * Reads a queue message body.
     *
     * @throws InvalidJobException naming what is wrong: not Base64, not JSON, missing field X,
     *     unknown schemaVersion N, a malformed field
     */
    public static JobMessage decode(String queueMessageBody) {
        JsonNode root = readJson(queueMessageBody);
        JsonNode version = root.get("schemaVersion");
        if (version == null || version.isNull()) {
            throw new InvalidJobException("missing field schemaVersion");
        }
        if (!version.isIntegralNumber() || !version.canConvertToInt()) {
            throw new InvalidJobException("field schemaVersion must be an integer, got " + version);
        }
        if (version.intValue() != JobMessage.CURRENT_SCHEMA_VERSION) {
            throw new InvalidJobException("unknown schemaVersion " + version.intValue() + " (this worker reads "
                    + JobMessage.CURRENT_SCHEMA_VERSION + ")");
        }
        Map<String, String> text = new LinkedHashMap<>();
        for (String field : TEXT_FIELDS) {
            JsonNode value = root.get(field);
            if (value == null || value.isNull()) {
                throw new InvalidJobException("missing field " + field);
            }
            if (!value.isTextual()) {
                throw new InvalidJobException("field " + field + " must be a string, got " + value.getNodeType());
            }
            if (value.textValue().isBlank()) {
                throw new InvalidJobException("field " + field + " is empty");
            }
            text.put(field, value.textValue());
        }
        Instant enqueuedAt;
        try {
            enqueuedAt = Instant.parse(text.get("enqueuedAt"));
        } catch (DateTimeParseException e) {
            throw new InvalidJobException("field enqueuedAt is not an ISO-8601 instant: '" + text.get("enqueuedAt") + "'");
        }
        for (String field : new String[] {"inputBlob", "outputBlob"}) {
            try {
                BlobNames.parseBlob(text.get(field));
            } catch (IllegalArgumentException e) {
                throw new InvalidJobException("field " + field + " is malformed: " + e.getMessage());
            }
        }
        return new JobMessage(version.intValue(), text.get("jobId"), text.get("instanceId"), text.get("blockId"),
                text.get("kernel"), params(root.get("params")), text.get("inputBlob"), text.get("outputBlob"), enqueuedAt);
    }

    private static JsonNode readJson(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidJobException("the message is empty");
        }
        byte[] json;
        try {
            // Like .NET's Convert.FromBase64String (used by Functions), tolerate whitespace and line breaks.
            json = Base64.getDecoder().decode(body.replaceAll("\\s+", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException("the message is not Base64 (" + e.getMessage() + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new InvalidJobException("the message is Base64 but not JSON (" + firstLine(detail) + ")");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidJobException("the message is JSON but not an object: "
                    + abbreviate(new String(json, StandardCharsets.UTF_8)));
        }
        return root;
    }

    private static Map<String, String> params(JsonNode node) {
        Map<String, String> params = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return params;
        }
        if (!node.isObject()) {
            throw new InvalidJobException("field params must be an object of strings, got " + node.getNodeType());
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            if (!entry.getValue().isTextual()) {
                throw new InvalidJobException("field params." + entry.getKey() + " must be a string, got "
                        + entry.getValue().getNodeType());
            }
            params.put(entry.getKey(), entry.getValue().textValue());
        }
        return params;
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }
}

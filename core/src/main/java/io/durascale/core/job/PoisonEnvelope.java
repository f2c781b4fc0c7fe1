package io.durascale.core.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Objects;

/**
 * What the worker puts on {@code <queue>-poison} for a message it gives up on: the reason, and the
 * original body untouched so it can be inspected or re-enqueued as is. On the queue it is
 * Base64-encoded UTF-8 JSON, like the jobs themselves:
 * {@code {reason, originalMessage, dequeueCount, messageId, poisonedAt, workerId}}.
 */
public record PoisonEnvelope(String reason, String originalMessage, long dequeueCount, String messageId,
                             Instant poisonedAt, String workerId) {

    public PoisonEnvelope {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(originalMessage, "originalMessage");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(poisonedAt, "poisonedAt");
        Objects.requireNonNull(workerId, "workerId");
    }

    public String encode() {
        ObjectNode node = JobCodec.JSON.createObjectNode();
        node.put("reason", reason);
        node.put("originalMessage", originalMessage);
        node.put("dequeueCount", dequeueCount);
        node.put("messageId", messageId);
        node.put("poisonedAt", poisonedAt.toString());
        node.put("workerId", workerId);
        try {
            return Base64.getEncoder().encodeToString(JobCodec.JSON.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a poison envelope as JSON", e);
        }
    }

    /**
     * Reads a poison queue message body.
     *
     * @throws IllegalArgumentException if it is not an envelope
     */
    public static PoisonEnvelope decode(String body) {
        JsonNode node;
        try {
            node = JobCodec.JSON.readTree(Base64.getDecoder().decode(body.replaceAll("\\s+", "")));
        } catch (IllegalArgumentException | IOException e) {
            throw new IllegalArgumentException("not a poison envelope (Base64 JSON): " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a poison envelope: not a JSON object");
        }
        for (String field : new String[] {"reason", "originalMessage", "dequeueCount", "messageId", "poisonedAt", "workerId"}) {
            if (!node.hasNonNull(field)) {
                throw new IllegalArgumentException("not a poison envelope: missing field " + field);
            }
        }
        Instant poisonedAt;
        try {
            poisonedAt = Instant.parse(node.get("poisonedAt").asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a poison envelope: poisonedAt is not an ISO-8601 instant", e);
        }
        return new PoisonEnvelope(node.get("reason").asText(), node.get("originalMessage").asText(),
                node.get("dequeueCount").asLong(), node.get("messageId").asText(), poisonedAt,
                node.get("workerId").asText());
    }
}

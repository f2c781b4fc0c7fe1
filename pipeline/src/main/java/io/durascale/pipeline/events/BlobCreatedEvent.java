package io.durascale.pipeline.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.durascale.core.job.BlobNames;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * An Event Grid {@code Microsoft.Storage.BlobCreated} event (Event Grid schema), as Event Grid
 * delivers it to a storage queue: one event per message, Base64 of its JSON. Reading is lenient,
 * since deliveries have been seen both ways: raw JSON or Base64, an object or a one-element array.
 */
public record BlobCreatedEvent(String id, String subject, String eTag, long contentLength, String url, Instant eventTime) {

    public static final String EVENT_TYPE = "Microsoft.Storage.BlobCreated";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The event for a blob just written, as the emulated Event Grid source raises it. */
    public static BlobCreatedEvent forBlob(String container, String blobName, String eTag, long contentLength,
                                           String blobEndpoint) {
        return new BlobCreatedEvent(UUID.randomUUID().toString(),
                "/blobServices/default/containers/" + container + "/blobs/" + blobName, eTag, contentLength,
                blobEndpoint.replaceAll("/+$", "") + "/" + container + "/" + blobName, Instant.now());
    }

    /** The container and block the subject names. */
    public BlobNames.BlobRef blob() {
        return BlobNames.parseEventSubject(subject);
    }

    /** The queue message Event Grid would deliver: Base64 of the event's JSON. */
    public String toQueueMessage() {
        ObjectNode event = JSON.createObjectNode();
        event.put("topic", "/subscriptions/local/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/devstoreaccount1");
        event.put("subject", subject);
        event.put("eventType", EVENT_TYPE);
        event.put("id", id);
        ObjectNode data = event.putObject("data");
        data.put("api", "PutBlob");
        data.put("requestId", id);
        data.put("eTag", eTag);
        data.put("contentType", "application/octet-stream");
        data.put("contentLength", contentLength);
        data.put("blobType", "BlockBlob");
        data.put("url", url);
        data.put("sequencer", String.format("%032d", System.nanoTime()));
        event.put("dataVersion", "");
        event.put("metadataVersion", "1");
        event.put("eventTime", eventTime.toString());
        return Base64.getEncoder().encodeToString(event.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses a queue message.
     *
     * @throws IllegalArgumentException saying why it is not a BlobCreated event
     */
    public static BlobCreatedEvent parse(String message) {
        JsonNode node = readJson(message);
        if (node.isArray()) {
            if (node.size() != 1) {
                throw new IllegalArgumentException("expected one event, got an array of " + node.size());
            }
            node = node.get(0);
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("the message is not a JSON event object");
        }
        String type = node.path("eventType").asText();
        if (!EVENT_TYPE.equals(type)) {
            throw new IllegalArgumentException("eventType is '" + type + "', not " + EVENT_TYPE);
        }
        String subject = node.path("subject").asText("");
        if (subject.isEmpty()) {
            throw new IllegalArgumentException("the event has no subject");
        }
        BlobNames.parseEventSubject(subject); // validates it names a container and a block
        JsonNode data = node.path("data");
        Instant time;
        try {
            time = Instant.parse(node.path("eventTime").asText());
        } catch (RuntimeException e) {
            time = Instant.now();
        }
        return new BlobCreatedEvent(node.path("id").asText(""), subject, data.path("eTag").asText(""),
                data.path("contentLength").asLong(-1), data.path("url").asText(""), time);
    }

    private static JsonNode readJson(String message) {
        String text = message == null ? "" : message.trim();
        if (!text.startsWith("{") && !text.startsWith("[")) {
            try {
                text = new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8).trim();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the message is neither JSON nor Base64");
            }
        }
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the message is not valid JSON");
        }
    }
}

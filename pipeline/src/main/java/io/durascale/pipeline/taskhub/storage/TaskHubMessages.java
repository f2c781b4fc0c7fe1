package io.durascale.pipeline.taskhub.storage;

import io.durascale.pipeline.taskhub.model.HistoryEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The bodies of the task hub's queue messages, JSON (see {@link TaskHubJson}). Control-queue
 * messages carry history events for one instance; work-item messages carry one activity. A body
 * that would not fit a queue message (64 KiB) moves its payload to {@code <hub>-largemessages},
 * as the Azure Storage provider's MessageManager does.
 */
public final class TaskHubMessages {

    /** Leaves room under the 64 KiB queue limit for the envelope. */
    public static final int MAX_INLINE_CHARS = 45_000;
    /** Version 2: history events as JSON (version 1 carried them as protobuf). */
    private static final int VERSION = 2;
    private static final String CONTROL = "control";
    private static final String ACTIVITY = "activity";

    /** Events for one instance (usually one event; a new execution carries its carried-over events too). */
    public record ControlMessage(String instanceId, String executionId, List<HistoryEvent> events, String key,
                                 long sentAtMicros) {
        public ControlMessage {
            events = List.copyOf(events);
        }
    }

    /**
     * An activity to run, scheduled by {@code taskId} of an execution.
     *
     * @param version null when the orchestration gave none
     * @param input   null when the orchestration passed none
     */
    public record ActivityMessage(String instanceId, String executionId, int taskId, String name, String version,
                                  String input, int partition) {
    }

    /** What every body starts with: read first, so an unknown version is named as such. */
    private record Envelope(Integer v, String kind) {
    }

    /** A control message on the queue; {@code eventTypes} is for people and tools reading the queue. */
    private record ControlBody(int v, String kind, String instanceId, String executionId, String key, long sentAt,
                               List<String> eventTypes, List<HistoryEvent> events, String eventsBlob) {
    }

    private record ActivityBody(int v, String kind, String instanceId, String executionId, Integer taskId, String name,
                                String version, int partition, String input, String inputBlob) {
    }

    /** A message the task hub could not read, as it lands in {@code <hub>-poison}. */
    private record PoisonedMessage(String reason, String queue, String messageId, String originalMessage, Instant poisonedAt) {
    }

    private final TaskHubStorage storage;

    public TaskHubMessages(TaskHubStorage storage) {
        this.storage = storage;
    }

    public static String newKey() {
        return UUID.randomUUID().toString();
    }

    public static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /** Large payloads are stored under the instance, so purging the instance removes them. */
    public static String largeBlobName(String instanceId) {
        return TableKeys.escape(instanceId) + "/" + UUID.randomUUID() + ".json";
    }

    public String encode(ControlMessage m) {
        List<String> types = m.events().stream().map(TaskHubJson::eventType).toList();
        String text = TaskHubJson.write(new ControlBody(VERSION, CONTROL, m.instanceId(), m.executionId(), m.key(),
                m.sentAtMicros(), types, m.events(), null));
        if (text.length() <= MAX_INLINE_CHARS) {
            return text;
        }
        String blob = largeBlobName(m.instanceId());
        storage.writeBlob(storage.largeMessagesContainer(), blob, TaskHubJson.events(m.events()).getBytes(StandardCharsets.UTF_8));
        return TaskHubJson.write(new ControlBody(VERSION, CONTROL, m.instanceId(), m.executionId(), m.key(), m.sentAtMicros(),
                types, null, blob));
    }

    /** @throws IllegalArgumentException naming what is wrong with the body */
    public ControlMessage decodeControl(String text) {
        check(text, CONTROL);
        ControlBody body = body(text, ControlBody.class, CONTROL);
        List<HistoryEvent> events = body.eventsBlob() != null
                ? TaskHubJson.events(new String(storage.readBlob(storage.largeMessagesContainer(), body.eventsBlob()),
                StandardCharsets.UTF_8))
                : body.events();
        if (events == null || events.isEmpty()) {
            throw new IllegalArgumentException("control message carries no events");
        }
        if (events.contains(null)) {
            throw new IllegalArgumentException("control message carries an empty event");
        }
        return new ControlMessage(required(body.instanceId(), "instanceId"), body.executionId(), events,
                required(body.key(), "key"), body.sentAt());
    }

    public String encode(ActivityMessage m) {
        String input = m.input();
        String blob = null;
        if (input != null && input.length() > MAX_INLINE_CHARS) {
            blob = largeBlobName(m.instanceId());
            storage.writeBlob(storage.largeMessagesContainer(), blob, input.getBytes(StandardCharsets.UTF_8));
            input = null;
        }
        return TaskHubJson.write(new ActivityBody(VERSION, ACTIVITY, m.instanceId(), m.executionId(), m.taskId(), m.name(),
                m.version(), m.partition(), input, blob));
    }

    /** @throws IllegalArgumentException naming what is wrong with the body */
    public ActivityMessage decodeActivity(String text) {
        check(text, ACTIVITY);
        ActivityBody body = body(text, ActivityBody.class, ACTIVITY);
        String input = body.inputBlob() != null
                ? new String(storage.readBlob(storage.largeMessagesContainer(), body.inputBlob()), StandardCharsets.UTF_8)
                : body.input();
        if (body.taskId() == null) {
            throw new IllegalArgumentException("activity message has no integer taskId");
        }
        return new ActivityMessage(required(body.instanceId(), "instanceId"), required(body.executionId(), "executionId"),
                body.taskId(), required(body.name(), "name"), body.version(), input, body.partition());
    }

    /** The envelope {@code <hub>-poison} keeps for a message that could not be read, with the reason. */
    public static String poisoned(String reason, String queue, String messageId, String originalMessage) {
        return TaskHubJson.write(new PoisonedMessage(reason, queue, messageId, originalMessage, Instant.now()));
    }

    private static void check(String text, String kind) {
        Envelope envelope;
        try {
            envelope = TaskHubJson.read(text, Envelope.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("message is not a JSON object: " + e.getMessage());
        }
        if (envelope == null) {
            throw new IllegalArgumentException("message is not a JSON object");
        }
        if (envelope.v() == null || envelope.v() != VERSION) {
            throw new IllegalArgumentException("message has unknown version " + envelope.v());
        }
        if (!kind.equals(envelope.kind())) {
            throw new IllegalArgumentException("expected a " + kind + " message, got '" + envelope.kind() + "'");
        }
    }

    private static <T> T body(String text, Class<T> type, String kind) {
        try {
            return TaskHubJson.read(text, type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid " + kind + " message: " + e.getMessage());
        }
    }

    private static String required(String value, String field) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("message has no " + field);
        }
        return value;
    }
}

package io.durascale.pipeline.taskhub.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durascale.pipeline.taskhub.StorageOps;
import io.durascale.pipeline.taskhub.StorageOps.Kind;
import io.durascale.pipeline.taskhub.TaskHubNames;
import io.durascale.pipeline.taskhub.model.HistoryEvent;
import io.durascale.pipeline.taskhub.model.OrchestrationInstance;
import io.durascale.pipeline.taskhub.storage.TaskHubMessages.ActivityMessage;
import io.durascale.pipeline.taskhub.storage.TaskHubMessages.ControlMessage;
import io.durascale.testkit.StorageExtension;
import io.durascale.testkit.TestStorage;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Queue message bodies: what goes in comes out, large payloads move to blobs, and bad bodies are named. */
@ExtendWith(StorageExtension.class)
class TaskHubMessagesTest {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00.000001Z");
    private StorageOps ops;
    private TaskHubMessages messages;

    @BeforeEach
    void hub(TestStorage storage) {
        TaskHubNames names = new TaskHubNames("Msg" + storage.tableName("m").substring(1, 9), 1);
        ops = new StorageOps();
        TaskHubStorage hub = new TaskHubStorage(storage.account(), names, ops);
        hub.largeMessagesContainer().createIfNotExists();
        storage.deleteAfterwards(() -> hub.largeMessagesContainer().deleteIfExists());
        messages = new TaskHubMessages(hub);
    }

    @Test
    void aControlMessageRoundTripsInline() {
        ControlMessage start = new ControlMessage("i/1", "e1", List.of(
                new HistoryEvent.ExecutionStarted(-1, T0, "Orch", "1.0", "\"in\"", new OrchestrationInstance("i/1", "e1"), null,
                        null, null),
                new HistoryEvent.EventRaised(-1, T0, "carried", null)), "start:e1", 42);
        String body = messages.encode(start);
        assertThat(body).contains("\"v\":2", "\"kind\":\"control\"", "\"eventTypes\":[\"ExecutionStarted\",\"EventRaised\"]");
        assertThat(messages.decodeControl(body)).isEqualTo(start);
        assertThat(ops.get(Kind.BLOB_WRITE)).isZero();
    }

    @Test
    void largePayloadsGoToTheLargeMessagesContainer() {
        String big = "\"" + "x".repeat(TaskHubMessages.MAX_INLINE_CHARS) + "\"";
        ControlMessage result = new ControlMessage("i1", "e1",
                List.of(new HistoryEvent.TaskCompleted(-1, T0, 3, big)), "task:e1:3", 7);
        String body = messages.encode(result);
        assertThat(body).hasSizeLessThan(1_000).contains("eventsBlob");
        assertThat(messages.decodeControl(body)).isEqualTo(result);

        ActivityMessage activity = new ActivityMessage("i1", "e1", 3, "Work", null, big, 0);
        String activityBody = messages.encode(activity);
        assertThat(activityBody).contains("inputBlob").doesNotContain("xxxx");
        assertThat(messages.decodeActivity(activityBody)).isEqualTo(activity);
        assertThat(ops.get(Kind.BLOB_WRITE)).isEqualTo(2);
        assertThat(ops.get(Kind.BLOB_READ)).isEqualTo(2);
    }

    @Test
    void anActivityKeepsAbsentAndEmptyInputApart() {
        ActivityMessage none = new ActivityMessage("i1", "e1", 0, "Work", null, null, 2);
        ActivityMessage empty = new ActivityMessage("i1", "e1", 1, "Work", "v1", "", 2);
        assertThat(messages.decodeActivity(messages.encode(none))).isEqualTo(none);
        assertThat(messages.decodeActivity(messages.encode(empty))).isEqualTo(empty);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "not json at all                                                   | message is not a JSON object",
            "[1, 2]                                                            | message is not a JSON object",
            "{\"v\":1,\"kind\":\"control\",\"events\":\"CgQ=\"}                | message has unknown version 1",
            "{\"v\":2,\"kind\":\"activity\"}                                   | expected a control message, got 'activity'",
            "{\"v\":2,\"kind\":\"control\",\"instanceId\":\"i\",\"key\":\"k\"} | control message carries no events",
            "{\"v\":2,\"kind\":\"control\",\"key\":\"k\",\"events\":[{\"EventType\":\"EventRaised\",\"name\":\"E\"}]} | message has no instanceId",
            "{\"v\":2,\"kind\":\"control\",\"instanceId\":\"i\",\"key\":\"k\",\"events\":[{\"EventType\":\"Bogus\"}]} | not a valid control message"})
    void anUnreadableControlMessageIsNamed(String body, String reason) {
        assertThatThrownBy(() -> messages.decodeControl(body)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(reason);
    }

    @Test
    void anActivityWithoutATaskIdIsNamed() {
        assertThatThrownBy(() -> messages.decodeActivity("{\"v\":2,\"kind\":\"activity\",\"instanceId\":\"i\",\"executionId\":\"e\","
                + "\"name\":\"Work\"}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("activity message has no integer taskId");
    }
}

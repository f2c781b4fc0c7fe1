package io.durascale.pipeline.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.durascale.run.RunDirectory;
import io.durascale.run.Timeline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared timeline writer (io.durascale.run.Timeline, in the worker module), as its producers use it. */
class TimelineTest {

    @TempDir
    Path dir;

    @Test
    void writesOneJsonObjectPerLineWithTimeKindAndValues() {
        RunDirectory run = RunDirectory.create(dir.resolve("run"), "test");
        Instant at = Instant.parse("2026-01-01T00:00:01.250Z");
        try (Timeline timeline = Timeline.in(run)) {
            timeline.record(at, "pod", Map.of("pod", "worker-1", "phase", "Ready"));
            timeline.record("queue", Map.of("length", 42, "wait", Duration.ofMillis(1500)));
            assertThat(timeline.file()).contains(run.file(Timeline.DEFAULT_FILE));
        }
        List<Map<String, Object>> lines = TimelineLines.read(run.file("timeline.jsonl"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).containsEntry("t", at.toEpochMilli()).containsEntry("kind", "pod")
                .containsEntry("pod", "worker-1").containsEntry("phase", "Ready");
        assertThat(lines.get(1)).containsEntry("kind", "queue").containsEntry("length", 42).containsEntry("wait", "PT1.5S");
    }

    @Test
    void manyProducersAtOnceNeverInterleaveLines() throws Exception {
        int producers = 8;
        int each = 500;
        Path file = dir.resolve("timeline.jsonl");
        try (Timeline timeline = Timeline.to(file)) {
            ExecutorService pool = Executors.newFixedThreadPool(producers);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                String producer = "p" + p;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        timeline.record("probe", Map.of("producer", producer, "i", i, "padding", "x".repeat(200)));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : done) {
                future.get();
            }
            pool.shutdown();
        }
        List<Map<String, Object>> lines = TimelineLines.read(file);
        assertThat(lines).hasSize(producers * each);
        Set<String> distinct = lines.stream().map(line -> line.get("producer") + "/" + line.get("i")).collect(Collectors.toSet());
        assertThat(distinct).hasSize(producers * each);
    }

    @Test
    void aSecondTimelineOnTheSameFileAppendsAndClosedOrNoneWriteNothing() throws Exception {
        Path file = dir.resolve("timeline.jsonl");
        Timeline first = Timeline.to(file);
        first.record("a", Map.of());
        first.close();
        first.record("dropped", Map.of());
        try (Timeline second = Timeline.to(file)) {
            second.record("b", Map.of());
        }
        assertThat(TimelineLines.read(file)).extracting(line -> line.get("kind")).containsExactly("a", "b");

        Timeline none = Timeline.none();
        none.record("nothing", Map.of("x", 1));
        assertThat(none.isEnabled()).isFalse();
        assertThat(none.file()).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void reservedKeysAndAMissingKindAreRefused() {
        try (Timeline timeline = Timeline.to(dir.resolve("t.jsonl"))) {
            assertThatThrownBy(() -> timeline.record("pod", Map.of("t", 1)))
                    .hasMessage("'t' and 'kind' are reserved in a timeline record (kind pod)");
            assertThatThrownBy(() -> timeline.record(" ", Map.of())).hasMessage("a timeline record needs a kind");
        }
    }
}

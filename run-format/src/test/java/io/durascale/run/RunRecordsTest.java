package io.durascale.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.durascale.run.timeline.Timeline;
import io.durascale.run.timeline.TimelineEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the writer puts in a run directory, the reader gets back: the same records, for every file. */
class RunRecordsTest {

    @TempDir
    Path dir;

    record Workload(int batches, int blocks) {
    }

    record ScaledObject(String queueName, int maxReplicaCount) {
    }

    @Test
    void runJsonMergesEachCommandsDescriptionAndKeepsSettingsAsJson() throws Exception {
        RunDirectory run = RunDirectory.create(dir, "x");
        run.describe(RunInfo.of("load-test").withTarget("embedded").withWorkload(new Workload(4, 20))
                .withSetting("keda", new ScaledObject("compute-jobs", 4)).withStartedAt(Instant.parse("2026-12-01T10:00:00Z")));
        run.describe(RunInfo.of("study").withKernel("stencil", 256).withFinishedAt(Instant.parse("2026-12-01T10:05:00Z")));

        JsonNode raw = RunJson.MAPPER.readTree(run.file(RunFile.RUN).toFile());
        assertThat(raw.path("keda").path("queueName").asText()).isEqualTo("compute-jobs");
        assertThat(raw.path("keda").path("maxReplicaCount").asInt()).isEqualTo(4);
        assertThat(raw.has("simulation")).as("null fields are not written").isFalse();

        RunInfo read = RunReader.read(dir).run().orElseThrow();
        assertThat(read.kind()).isEqualTo("study");
        assertThat(read.target()).isEqualTo("embedded");
        assertThat(read.kernel()).isEqualTo("stencil");
        assertThat(read.blockSize()).isEqualTo(256);
        assertThat(read.startedAt()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(read.finishedAt()).isEqualTo(Instant.parse("2026-12-01T10:05:00Z"));
        assertThat(read.workload().path("batches").asInt()).isEqualTo(4);
        assertThat(read.setting("keda").path("maxReplicaCount").asInt()).isEqualTo(4);
        assertThat(read.machine().cpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void metricsRoundTrip() {
        Metrics metrics = new Metrics("embedded", new Metrics.Emulated(true, true), "CapacityStudySimulation",
                new Metrics.ScaleUp(1000L, 0, 1400L, 4, 3100L, 9800L, 9700L, 650L, 4, null),
                new Metrics.ScaleToZero(11000L, true, 21000L, 62.0, 4,
                        new Metrics.IdleCost(0.048, 0.0008, "USD", "sizing.json")),
                new Metrics.OrchestrationTier("durascale-orchestration", 900L, 2100L, 2600L, 2900L, 3000L, 12000L, 2, 41.5, null),
                List.of(new Metrics.PartitionStep("1-partitions", "Sweep1", 1, 24, 0, 10.1, 2.4, 4.7, List.of(2.4),
                        List.of(4.7), 2.4, 1.0, 17.7, 0.13,
                        new Metrics.Backend(List.of(24L), List.of(48L), Map.of("queue.send", 144L), "counted"),
                        new Metrics.MachineCpu(0.93, 2, "everything"), "machine CPU")),
                Map.of("orchestrationEndToEnd", new LatencySummary("orchestration-end-to-end", "ms", 40, 1.0, 2.0, 3.0,
                        4.0, 5.0, 6.0, 7.0)),
                new Metrics.OrchestrationCounts(40, 40, 0, 0), null, "all gates pass", List.of("gatling/x/index.html"));
        RunDirectory.create(dir, "x").write(metrics);

        RunReader reader = RunReader.read(dir);
        assertThat(reader.metrics()).contains(metrics);
        assertThat(reader.status(RunFile.METRICS).isPresent()).isTrue();
        assertThat(reader.latencySummaries()).singleElement()
                .satisfies(l -> assertThat(l.summary().value("p95")).isEqualTo(5.0));
    }

    @Test
    void sizingJsonReadsAndWritesBackByteForByte() throws Exception {
        // Written by the sizing command before it built records: nulls for what it did not have, its own key order.
        String before;
        try (var in = RunRecordsTest.class.getResourceAsStream("sizing-written-by-maps.json")) {
            before = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Files.writeString(dir.resolve("sizing.json"), before);

        Sizing sizing = RunReader.read(dir).sizing().orElseThrow();
        assertThat(sizing.recommendedRow()).hasValueSatisfying(row -> {
            assertThat(row.name()).isEqualTo("Standard_F2s_v2");
            assertThat(row.podsPerNode()).isEqualTo(2);
            assertThat(row.helmValues().path("resources").path("requests").path("cpu").asText()).isEqualTo("800m");
        });
        assertThat(sizing.measured().sku()).isNull();
        assertThat(sizing.measuredBy()).as("local mode").isNull();
        assertThat(sizing.target().kind()).isEqualTo(Sizing.Target.BLOCKS_PER_HOUR);

        Path again = RunDirectory.create(dir.resolve("again"), "x").write(sizing);
        assertThat(Files.readString(again)).isEqualTo(before);
        assertThat(RunReader.readSizing(again)).isEqualTo(sizing);
    }

    @Test
    void taskHubBenchAndLatencyFilesRoundTrip() {
        RunDirectory run = RunDirectory.create(dir, "x");
        TaskHubBench bench = new TaskHubBench(List.of(new TaskHubBench.Step("HelloCities5", 4, 1000, 5000, 10.4, 96.1, 480.6,
                21.1, 21.0, 0.1, Map.of("queue.send", 6000L), List.of(250L, 250L, 250L, 250L), 1.1, 14.0, 1400,
                172.2, 0.56, Map.of("8", 172.2), null, null, null)));
        run.write(bench);
        run.write(new LatencySummary("block-compute", "ms", 3, 1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 3.0));

        RunReader reader = RunReader.read(dir);
        assertThat(reader.taskhubBench()).contains(bench);
        assertThat(reader.latencies()).singleElement().satisfies(l -> {
            assertThat(l.name()).isEqualTo("block-compute");
            assertThat(l.source()).isEqualTo("latency/block-compute.json");
        });
        assertThat(reader.latencySummaries()).singleElement().satisfies(l -> assertThat(l.name()).isEqualTo("blockCompute"));
    }

    @Test
    void filesAreMissingPresentOrUnreadableWithTheReason() throws Exception {
        Files.writeString(dir.resolve("metrics.json"), "{\"scaleUp\": {\"firstEnqueue\": \"soon\"}}");
        Files.writeString(dir.resolve("run.json"), "{ not json");
        Files.writeString(dir.resolve("taskhub-bench.json"), "{\"steps\": []}");

        RunReader reader = RunReader.read(dir);
        assertThat(reader.status(RunFile.SIZING).state()).isEqualTo(FileStatus.State.MISSING);
        assertThat(reader.status(RunFile.TASKHUB_BENCH).state()).isEqualTo(FileStatus.State.PRESENT);
        assertThat(reader.status(RunFile.RUN).state()).isEqualTo(FileStatus.State.UNREADABLE);
        assertThat(reader.status(RunFile.RUN).detail()).startsWith("not valid JSON at line 1");
        assertThat(reader.status(RunFile.METRICS).state()).isEqualTo(FileStatus.State.UNREADABLE);
        assertThat(reader.status(RunFile.METRICS).detail()).contains("Metrics");
        assertThat(reader.metrics()).isEmpty();
        assertThat(reader.problems()).hasSize(2);
    }

    @Test
    void aTimelineWrittenByTheWriterReadsBackAsTheSameEvents() throws Exception {
        RunDirectory run = RunDirectory.create(dir, "x");
        List<TimelineEvent> events = List.of(
                new TimelineEvent.QueueDepth(1, "compute-jobs", 42),
                new TimelineEvent.KedaDecision(2, null, "activate", 0, 1, null, null, null, null, null),
                new TimelineEvent.Replicas(3, "durascale-worker", 1, 1, 0),
                new TimelineEvent.PodPhase(4, "durascale-worker-1", null, "Pending", null, null, null, null, null, null, null, null),
                new TimelineEvent.HpaDecision(5, null, null, 1, 1, 80.0, 5.0, 16, 16, 4, true, "TooManyReplicas", null, null));
        try (Timeline timeline = Timeline.in(run)) {
            events.forEach(timeline::record);
        }
        String first = Files.readAllLines(run.file(RunFile.TIMELINE)).get(0);
        assertThat(first).isEqualTo("{\"t\":1,\"kind\":\"queue\",\"queue\":\"compute-jobs\",\"depth\":42}");
        String keda = Files.readAllLines(run.file(RunFile.TIMELINE)).get(1);
        assertThat(keda).as("lastActive is null before the first active poll, and says so")
                .contains("\"lastActive\":null");

        assertThat(RunReader.read(dir).timeline().events()).containsExactlyElementsOf(events);
    }
}

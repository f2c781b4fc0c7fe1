package io.durascale.simulator.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.run.RunInfo;
import io.durascale.run.RunReader;
import io.durascale.run.WhatIfAnswer;
import io.durascale.simulator.cli.SimulatorCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study's what-if on the committed study run with a sizing.json beside it: the question is asked on the sizing's
 * recommended SKU at its price, and the answer is what-if.json in the study's run directory, one point per partition
 * count, each point a simulated run directory carrying its row. A short question (--set batches) keeps it quick.
 */
class WhatIfTest {

    @TempDir
    Path dir;

    @Test
    void theAnswerIsWhatIfJsonInTheStudysRunDirectoryOnTheRecommendedSku() throws Exception {
        Path study = dir.resolve("study");
        copy(Path.of(WhatIfTest.class.getResource("/io/durascale/simulator/runs/study-default").toURI()), study);
        Files.writeString(study.resolve("sizing.json"), """
                {"kernel": "stencil", "target": {"kind": "blocksPerHour", "blocksPerHour": 360000},
                 "skus": [{"name": "Standard_F4s_v2", "pricePerHour": 0.169, "perCoreBlocksPerSecond": 190.0,
                           "podsPerNode": 3, "workerConcurrency": 1, "priceSource": "test catalog", "priceDate": "2026-11-21"}],
                 "recommended": {"sku": "Standard_F4s_v2", "reason": "test"}}""");

        int exit = SimulatorCli.execute("simulate", "--what-if", study.toString(), "--set", "batches=40");

        assertThat(exit).isZero();
        WhatIfAnswer answer = RunReader.read(study).whatIf().orElseThrow();
        assertThat(answer.sku()).isEqualTo("Standard_F4s_v2");
        assertThat(answer.nodePricePerHour()).isEqualTo(0.169);
        assertThat(answer.priceSource()).contains("sizing.json recommended Standard_F4s_v2", "test catalog", "2026-11-21");
        assertThat(answer.question()).contains("360,000 blocks/hour", "Standard_F4s_v2");
        assertThat(answer.points()).extracting(WhatIfAnswer.Point::partitions).containsExactly(4, 8, 16);
        for (WhatIfAnswer.Point p : answer.points()) {
            assertThat(p.run()).isEqualTo("what-if/partitions-" + p.partitions());
            RunInfo point = RunReader.read(study.resolve(p.run())).run().orElseThrow();
            assertThat(point.kind()).isEqualTo("simulated");
            assertThat(point.setting("whatIf", WhatIfAnswer.Point.class)).contains(p);
            assertThat(p.peakPods()).isPositive();
            assertThat(p.monthlyCost()).isPositive();
            assertThat(p.currency()).isEqualTo("USD");
        }
    }

    /** The readings say when a point shows the profile's behaviour rather than the need, and only then. */
    @Test
    void theNotesSayWhenTheBurstOvershootsAndWhenTheSteadyPoolKeepsANodePerPod() {
        io.durascale.simulator.profile.Profile p = io.durascale.simulator.profile.ProfileFile.bundled("azure")
                .with("maxReplicas", "1000", "test").with("podsPerNode", "2", "test").check();
        WhatIfAnswer.Point overshootAndSpread = point(49, 53, 1000, 500);
        WhatIfAnswer.Point packed = point(49, 25, 200, 100);

        assertThat(WhatIf.readings(p, java.util.List.of(overshootAndSpread))).hasSize(2)
                .anySatisfy(n -> assertThat(n).startsWith("the burst from a cold pool overshoots to maxReplicaCount")
                        .contains("1000 replicas", "500 nodes"))
                .anySatisfy(n -> assertThat(n).startsWith("steady nodes are an upper bound").contains("53 nodes for 49 pods",
                        "about 25 nodes"));
        assertThat(WhatIf.readings(p, java.util.List.of(packed))).isEmpty();
    }

    private static WhatIfAnswer.Point point(int steadyPods, int steadyNodes, int peakPods, int peakNodes) {
        return new WhatIfAnswer.Point(4, "partitions-4", steadyPods, steadyNodes, peakPods, peakNodes, 328_500L, 1_000L,
                99_100.0, 275.8, 3_409.83, "USD", "test");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(f -> {
                try {
                    Path target = to.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(f, target);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}

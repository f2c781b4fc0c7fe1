package io.durascale.reports.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.durascale.reports.ReportsCli;
import io.durascale.reports.SyntheticRun;
import io.durascale.run.RunJson;
import io.durascale.run.jmh.JmhJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The gate command end to end on synthetic run directories: files in, exit status and reports out. */
class GateCommandTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private PrintStream originalOut;
    private PrintStream originalErr;

    @BeforeEach
    void capture() {
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(originalOut);
        System.setErr(originalErr);
    }

    @Test
    void updateBaselineThenTheSameMeasurementPassesAndASlowerKernelFails() throws Exception {
        Path first = SyntheticRun.full(tmp.resolve("first"));
        Path baseline = tmp.resolve("ci/baseline.json");

        assertThat(gate(first.toString(), "--baseline", baseline.toString(), "--update-baseline")).isZero();
        BaselineFile written = RunJson.MAPPER.readValue(baseline.toFile(), BaselineFile.class);
        assertThat(written.format()).isEqualTo(Baseline.FORMAT);
        assertThat(written.machine().cpus()).isEqualTo(2);
        assertThat(written.createdAt()).isNotBlank();
        assertThat(written.calibration()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo(SyntheticRun.CALIBRATION);
            assertThat(c.score()).isEqualTo(1850.0);
        });
        assertThat(written.metrics()).hasSameSizeAs(Baseline.read(baseline).metrics());
        assertThat(out()).contains("==> baseline: " + baseline.toAbsolutePath());

        Path again = SyntheticRun.full(tmp.resolve("again"));
        assertThat(gate(again.toString(), "--baseline", baseline.toString())).isZero();
        assertThat(Files.readString(again.resolve("gate/summary.md"))).startsWith("## Capacity gate: ✅ passed")
                .contains("**Machines:** run on Linux 6.18 amd64, 2 CPUs, Java Debian 17.0.15; baseline from Linux 6.18 amd64");

        Path slower = SyntheticRun.full(tmp.resolve("slower"));
        SyntheticRun.in(slower).jmh(kernelSlowerBy(0.7, 1.0));
        assertThat(gate(slower.toString(), "--baseline", baseline.toString())).isEqualTo(1);
        String summary = Files.readString(slower.resolve("gate/summary.md"));
        assertThat(summary).startsWith("## Capacity gate: ❌ 2 regressions")
                .contains("KernelBenchmark.compute[blockSize=256,kernel=stencil]@thrpt,t1", "30.0% worse");
        assertThat(out()).contains("REGRESSION", "gate FAILED", "summary: " + slower.resolve("gate/summary.md"));
    }

    @Test
    void aBaselineFromATwiceAsFastMachinePassesTheSameCodeAndCatchesASlowerKernel() throws Exception {
        Path fastMachine = tmp.resolve("fast-machine");
        SyntheticRun.in(fastMachine).runJson().jmh(2.0);
        Path baseline = tmp.resolve("baseline.json");
        assertThat(gate(fastMachine.toString(), "--baseline", baseline.toString(), "--update-baseline")).isZero();

        Path sameCode = tmp.resolve("same-code");
        SyntheticRun.in(sameCode).runJson().jmh(1.0);
        assertThat(gate(sameCode.toString(), "--baseline", baseline.toString())).isZero();
        String summary = Files.readString(sameCode.resolve("gate/summary.md"));
        assertThat(summary).contains("**Machine speed:** this run's machine measured 0.500× the baseline's speed",
                "(factor applied: 0.500)");

        Path slowerKernel = tmp.resolve("slower-kernel");
        SyntheticRun.in(slowerKernel).runJson().jmh(kernelSlowerBy(0.75, 1.0));
        assertThat(gate(slowerKernel.toString(), "--baseline", baseline.toString())).isEqualTo(1);
    }

    @Test
    void junitXmlIsWellFormedWithOneTestcasePerMetricEvenForHostileNames() throws Exception {
        Path base = tmp.resolve("base");
        Path run = tmp.resolve("run");
        String hostile = "<x a=\"1\">&amp;]]></x>";
        SyntheticRun.in(base).hostile(hostile).runJson().jmh(1.0).latency().metrics();
        SyntheticRun.in(run).hostile(hostile).runJson().jmh(kernelSlowerBy(0.5, 1.0, hostile)).latency().metrics();
        Path baseline = tmp.resolve("baseline.json");
        gate(base.toString(), "--baseline", baseline.toString(), "--update-baseline");

        assertThat(gate(run.toString(), "--baseline", baseline.toString(), "--out", tmp.resolve("out").toString())).isEqualTo(1);

        Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(tmp.resolve("out/junit.xml").toFile());
        Element suite = xml.getDocumentElement();
        assertThat(suite.getTagName()).isEqualTo("testsuite");
        NodeList cases = suite.getElementsByTagName("testcase");
        NodeList failures = suite.getElementsByTagName("failure");
        NodeList skipped = suite.getElementsByTagName("skipped");
        assertThat(Integer.parseInt(suite.getAttribute("tests"))).isEqualTo(cases.getLength()).isGreaterThan(10);
        assertThat(Integer.parseInt(suite.getAttribute("failures"))).isEqualTo(failures.getLength()).isEqualTo(2);
        assertThat(Integer.parseInt(suite.getAttribute("skipped"))).isEqualTo(skipped.getLength());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            names.add(((Element) cases.item(i)).getAttribute("name"));
        }
        assertThat(names).anyMatch(n -> n.contains("kernel=" + hostile));
        Element failure = (Element) failures.item(0);
        assertThat(failure.getAttribute("type")).isEqualTo("regression");
        assertThat(failure.getAttribute("message")).startsWith("regression: 50.0% worse");
        assertThat(((Element) failure.getParentNode()).getAttribute("classname")).isEqualTo("durascale.gate.jmh");
        assertThat(Files.readString(tmp.resolve("out/summary.md"))).doesNotContain("<x a=").contains("&lt;x a=");
    }

    @Test
    void aRunDirectoryCanServeAsTheBaseline() throws Exception {
        Path base = SyntheticRun.full(tmp.resolve("base"));
        Path run = SyntheticRun.full(tmp.resolve("run"));
        assertThat(gate(run.toString(), "--baseline", base.toString())).isZero();
        assertThat(out()).contains("against run directory base", "times, latencies, rates (comparable only on the same "
                + "machine): the run directory " + base);
        Path slowPods = tmp.resolve("slow-pods");
        SyntheticRun.full(slowPods);
        SyntheticRun.in(slowPods).metrics(7900, 1100, 4200);
        assertThat(gate(slowPods.toString(), "--baseline", base.toString())).isEqualTo(1);
        assertThat(Files.readString(slowPods.resolve("gate/summary.md"))).contains("time:scaleUp.podStartMedianMs");
    }

    @Test
    void timesAreGatedOnlyAgainstThisMachinesOwnRunsTheFirstOfWhichRecordsThem() throws Exception {
        Path committed = tmp.resolve("ci/baseline.json");
        Path machines = tmp.resolve("machines");
        assertThat(gate(SyntheticRun.full(tmp.resolve("reference")).toString(), "--baseline", committed.toString(),
                "--update-baseline")).isZero();

        // The first run on this machine: times are not gated, and the run becomes this machine's baseline.
        Path first = SyntheticRun.full(tmp.resolve("first"));
        SyntheticRun.in(first).metrics(7900, 1100, 1200);
        assertThat(gate(first.toString(), "--baseline", committed.toString(), "--machine-baselines", machines.toString()))
                .isZero();
        assertThat(out()).contains("times, latencies, rates (comparable only on the same machine): not gated: the first "
                + "run of this workload on this machine; recorded as its baseline " + machines);
        Path file;
        try (var files = Files.list(machines)) {
            file = files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        assertThat(file.getFileName().toString()).startsWith("linux-amd64-2cpu-24gib-java17-");
        MachineBaseline recorded = MachineBaseline.read(file).orElseThrow();
        assertThat(recorded.runs()).containsExactly("first");
        assertThat(recorded.metrics()).extracting(MachineBaseline.Series::name).contains("scaleUp.podStartMedianMs",
                "orchestrationEndToEnd.p95", "loadTest.partitions=4").doesNotContain(SyntheticRun.CALIBRATION);

        // A second run within the noise passes, names the baseline, and adds its values.
        Path second = SyntheticRun.full(tmp.resolve("second"));
        SyntheticRun.in(second).metrics(8600, 1200, 1500);
        assertThat(gate(second.toString(), "--baseline", committed.toString(), "--machine-baselines", machines.toString()))
                .isZero();
        assertThat(out()).contains("this machine's baseline " + file + " (1 earlier run of this workload)");
        assertThat(MachineBaseline.read(file).orElseThrow().runs()).containsExactly("first", "second");
        assertThat(Files.readString(second.resolve("gate/summary.md")))
                .contains("**Times, latencies, rates** (comparable only on the same machine): this machine's baseline");

        // Pods 3 s slower to start: a regression named by its metric; the failing run is not added.
        Path slower = SyntheticRun.full(tmp.resolve("slower"));
        SyntheticRun.in(slower).metrics(7900, 1100, 4500);
        assertThat(gate(slower.toString(), "--baseline", committed.toString(), "--machine-baselines", machines.toString()))
                .isEqualTo(1);
        assertThat(out()).contains("REGRESSION time:scaleUp.podStartMedianMs: regression: 4.5 s against at most");
        assertThat(MachineBaseline.read(file).orElseThrow().runs()).containsExactly("first", "second");

        // --update-machine-baseline starts it again from the given run.
        assertThat(gate(slower.toString(), "--baseline", committed.toString(), "--machine-baselines", machines.toString(),
                "--update-machine-baseline")).isEqualTo(1);
        assertThat(MachineBaseline.read(file).orElseThrow().runs()).containsExactly("slower");
    }

    @Test
    void latencyThresholdsFromTheConfigFailTheGate() throws Exception {
        Path base = SyntheticRun.full(tmp.resolve("base"));
        Path run = tmp.resolve("run");
        SyntheticRun.full(run);
        SyntheticRun.in(run).metrics(7900, 1100);
        Path config = Files.writeString(tmp.resolve("gate.json"),
                "{\"times\": {\"thresholdsMs\": {\"orchestrationEndToEnd.p95\": 5000}}, \"jmh\": {\"minEffect\": 0.2}}");

        assertThat(gate(run.toString(), "--baseline", base.toString(), "--config", config.toString())).isEqualTo(1);

        assertThat(Files.readString(run.resolve("gate/summary.md")))
                .contains("latency:orchestrationEndToEnd.p95", "is above the threshold of 5.0 s");
        // An absolute limit holds even on a machine's first run, with nothing of its own to compare with.
        Path committed = tmp.resolve("baseline.json");
        assertThat(gate(base.toString(), "--baseline", committed.toString(), "--update-baseline")).isZero();
        assertThat(gate(run.toString(), "--baseline", committed.toString(), "--config", config.toString(),
                "--machine-baselines", tmp.resolve("fresh").toString())).isEqualTo(1);
    }

    @Test
    void badInputGivesOneClearErrorAndStatusTwo() throws Exception {
        Path run = SyntheticRun.full(tmp.resolve("run"));
        Path missing = tmp.resolve("no-such-baseline.json");

        assertThat(gate(run.toString(), "--baseline", missing.toString())).isEqualTo(2);
        assertThat(err()).contains("baseline " + missing + " does not exist", "--update-baseline").doesNotContain("Exception");

        Path badConfig = Files.writeString(tmp.resolve("bad.json"), "{\"jmh\": {\"minEfect\": 0.1}}");
        assertThat(gate(run.toString(), "--baseline", run.toString(), "--config", badConfig.toString())).isEqualTo(2);
        assertThat(err()).contains("unknown key \"jmh.minEfect\"; known keys in jmh: minEffect, requireCiSeparation");

        Path negative = Files.writeString(tmp.resolve("neg.json"), "{\"allocation\": {\"tolerance\": -1}}");
        assertThat(gate(run.toString(), "--baseline", run.toString(), "--config", negative.toString())).isEqualTo(2);

        Path notABaseline = Files.writeString(tmp.resolve("other.json"), "{\"hello\": 1}");
        assertThat(gate(run.toString(), "--baseline", notABaseline.toString())).isEqualTo(2);
        assertThat(err()).contains("is not a durascale gate baseline");

        Path broken = SyntheticRun.full(tmp.resolve("broken"));
        Files.writeString(broken.resolve("jmh.json"), "[{\"benchmark\": ");
        assertThat(gate(broken.toString(), "--baseline", run.toString())).isEqualTo(2);
        assertThat(err()).contains("jmh.json cannot be read");

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThat(gate(empty.toString(), "--baseline", run.toString())).isEqualTo(2);
        assertThat(err()).contains("holds nothing to gate");

        assertThat(gate(tmp.resolve("nowhere").toString(), "--baseline", run.toString())).isEqualTo(2);
        assertThat(gate(run.toString())).isEqualTo(2); // --baseline is required
    }

    // ----------------------------------------------------------------

    /** The gate command; this machine's baselines go to the test's folder (never the user's home) unless given. */
    private int gate(String... args) {
        List<String> all = new ArrayList<>(List.of("gate"));
        all.addAll(List.of(args));
        if (!all.contains("--machine-baselines") && !all.contains("--no-machine-baseline")) {
            all.addAll(List.of("--machine-baselines", tmp.resolve("machine-baselines").toString()));
        }
        return ReportsCli.execute(all.toArray(String[]::new));
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    private static JmhJson kernelSlowerBy(double factor, double machineSpeed) {
        return kernelSlowerBy(factor, machineSpeed, "stencil");
    }

    /** JMH results where the calibration benchmark ran at {@code machineSpeed} and the stencil kernel {@code factor} slower. */
    private static JmhJson kernelSlowerBy(double factor, double machineSpeed, String kernel) {
        double s = machineSpeed;
        return JmhJson.results()
                .addScore(SyntheticRun.CALIBRATION, "thrpt", 1, Map.of(), 1850.0 * s, 12.0 * s, "ops/s", 0.02)
                .addScore(SyntheticRun.KERNEL, "thrpt", 1, Map.of("kernel", kernel, "blockSize", "256"),
                        172.0 * s * factor, 3.1 * s, "ops/s", 4128.0)
                .addScore(SyntheticRun.KERNEL, "thrpt", 2, Map.of("kernel", kernel, "blockSize", "256"),
                        330.1 * s * factor, 3.1 * s, "ops/s", 4128.0)
                .addScore(SyntheticRun.KERNEL, "avgt", 1, Map.of("kernel", "matmul", "blockSize", "64"),
                        2.91 / s, 0.04 / s, "ms/op", 33_000.0);
    }
}

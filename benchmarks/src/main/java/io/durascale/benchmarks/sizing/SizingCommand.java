package io.durascale.benchmarks.sizing;

import io.durascale.benchmarks.BlockSizes;
import io.durascale.benchmarks.cluster.BenchmarkJob;
import io.durascale.benchmarks.cluster.ClusterBenchmark;
import io.durascale.benchmarks.cluster.ClusterBenchmarkException;
import io.durascale.benchmarks.cluster.PoolResult;
import io.durascale.benchmarks.cluster.PoolTarget;
import io.durascale.core.cli.CliErrors;
import io.durascale.core.cli.DurationConverter;
import io.durascale.core.kernel.Kernels;
import io.durascale.run.RunDirectory;
import io.durascale.run.RunInfo;
import io.durascale.run.jmh.JmhResult;
import io.durascale.run.jmh.JmhResults;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code java -cp benchmarks.jar io.durascale.benchmarks.sizing.SizingCommand}: turns JMH results
 * into worker sizing per VM size — locally from a JMH JSON file measured on this machine, or in
 * cluster mode by benchmarking real node pools first — and writes {@code sizing.json} (plus
 * {@code run.json} and the JMH JSON it used) into a run directory.
 */
@Command(name = "sizing", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Size the worker pool per VM size (SKU) from JMH results and print the recommendation.",
            "Local: --jmh jmh.json (measured on this machine). Cluster: --pool POOL[=SKU] ... --image IMAGE."})
public final class SizingCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--jmh", paramLabel = "FILE", description = "JMH JSON result (benchmarks.jar -rf json -rff FILE) "
                + "measured on this machine.")
        Path jmh;

        @Option(names = "--pool", paramLabel = "POOL[=SKU]", description = "Cluster mode: benchmark this node pool "
                + "(agentpool label) as a Kubernetes Job; repeat for several. The SKU defaults to the nodes' instance-type label.")
        List<String> pools;
    }

    @Option(names = "--catalog", paramLabel = "FILE", description = "SKU catalog JSON (default: the bundled East US list prices).")
    Path catalogFile;

    @Option(names = "--kernel", paramLabel = "NAME", defaultValue = "montecarlo",
            description = "Kernel to size for (default: ${DEFAULT-VALUE}, the CPU-bound one with a thread sweep).")
    String kernel;

    @Option(names = "--block-size", paramLabel = "N", description = "Block size: a number, or small/default/large "
            + "(default: the kernel's default).")
    String blockSize;

    @ArgGroup(exclusive = true)
    TargetOptions targetOptions;

    static final class TargetOptions {
        @Option(names = "--target-blocks-per-hour", paramLabel = "N", description = "Sustained rate to size for "
                + "(default: 1000000).")
        Long blocksPerHour;

        @ArgGroup(exclusive = false)
        BatchOptions batch;
    }

    static final class BatchOptions {
        @Option(names = "--batch", paramLabel = "N", required = true, description = "Blocks in a batch that must finish ...")
        long blocks;

        @Option(names = "--deadline", paramLabel = "DURATION", required = true, description = "... within this time (e.g. 10m).")
        Duration deadline;
    }

    @Option(names = "--pod-baseline-mib", paramLabel = "MIB", defaultValue = "512",
            description = "Memory of a worker pod before its blocks (default: ${DEFAULT-VALUE}, the chart's request).")
    long podBaselineMiB;

    @Option(names = "--cpus", paramLabel = "N", description = "CPUs of the machine that produced --jmh "
            + "(default: this machine's, assuming it ran the benchmarks).")
    Integer cpus;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: target/durascale/runs/<timestamp>-sizing).")
    Path out;

    @Option(names = "--image", paramLabel = "IMAGE", description = "Cluster mode: image with /app/benchmarks.jar "
            + "(built from benchmarks/Dockerfile).")
    String image;

    @Option(names = "--namespace", paramLabel = "NS", description = "Cluster mode: namespace for the Jobs (default: the "
            + "kubeconfig's, else 'default').")
    String namespace;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m",
            description = "Cluster mode: how long the Jobs may take, scheduling included (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--jmh-options", paramLabel = "OPTS", defaultValue = "-f 1 -wi 2 -i 3 -w 1s -r 1s",
            description = "Cluster mode: JMH options for the pods (default: ${DEFAULT-VALUE}).")
    String jmhOptions;

    /** Tests inject a mock server's client; otherwise the kubeconfig's. */
    KubernetesClient kubernetes;
    Duration pollInterval = Duration.ofSeconds(5);

    public static void main(String[] args) {
        System.exit(execute(System.out, System.err, args));
    }

    /** Runs a command line; bad flags and bad files give one line on stderr and a non-zero exit code. */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        return commandLine(new SizingCommand(), out, err).execute(args);
    }

    static CommandLine commandLine(SizingCommand command, PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(command)
                .registerConverter(Duration.class, new DurationConverter())
                .setParameterExceptionHandler(SizingCommand::badFlags)
                .setExecutionExceptionHandler(new CliErrors());
        line.setOut(new java.io.PrintWriter(out, true, StandardCharsets.UTF_8));
        line.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
        command.console = out;
        return line;
    }

    private PrintStream console = System.out;

    private static int badFlags(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String message = e.getMessage().startsWith("Error: ") ? e.getMessage().substring(7) : e.getMessage();
        command.getErr().println(command.getColorScheme().errorText("error: " + message + " (see 'SizingCommand --help')"));
        return CommandLine.ExitCode.USAGE;
    }

    @Override
    public Integer call() {
        Instant startedAt = Instant.now();
        int size = BlockSizes.resolve(Kernels.byName(kernel).name(), blockSize == null ? BlockSizes.DEFAULT : blockSize);
        Target target = target();
        SkuCatalog catalog = catalogFile == null ? SkuCatalog.bundled() : SkuCatalog.read(catalogFile);
        console.printf("sizing: catalog %s (%d SKUs, prices %s %s as of %s; override with --catalog for your region and "
                + "discounts)%n", catalog.source(), catalog.skus().size(), catalog.currency(), catalog.regions(),
                catalog.priceDates());
        SizingModel model = new SizingModel(podBaselineMiB, catalog.daemonSetCpuMillis(), catalog.daemonSetMemoryMiB());

        List<KernelMeasurement> measurements = new ArrayList<>();
        List<ScalingCheck> checks = new ArrayList<>();
        List<SkuSizing> sizings = new ArrayList<>();
        Map<String, String> jmhFiles = new LinkedHashMap<>();
        String clusterMode = null;
        List<JmhResult> allResults = new ArrayList<>();
        RunDirectory run;
        if (source.jmh != null) {
            List<JmhResult> results = JmhResults.read(source.jmh);
            allResults.addAll(results);
            console.printf("sizing: read %d JMH results from %s%n", results.size(), source.jmh);
            MachineFacts here = MachineFacts.local();
            if (cpus != null) {
                if (cpus < 1) {
                    throw new IllegalArgumentException("--cpus must be at least 1, got " + cpus);
                }
                here = new MachineFacts(here.cpuModel(), cpus, here.threadsPerCore(), here.virtualMachine(), here.loadAverage());
            }
            KernelMeasurement m = MeasurementReader.read(results, source.jmh.toString(), kernel, size, here,
                    "this machine", null);
            measurements.add(m);
            checks.add(ScalingCheck.of(m, cpus == null && recentlyWritten(source.jmh)));
            for (Sku sku : catalog.skus()) {
                sizings.add(model.size(sku, m, target));
            }
            run = RunDirectory.create(out, "sizing");
            jmhFiles.put("jmh.json", copyJmh(source.jmh, run));
        } else {
            clusterMode = "cluster: each SKU measured on a node of its pool";
            List<PoolTarget> pools = new ArrayList<>();
            for (String pool : source.pools) {
                pools.add(PoolTarget.parse(pool));
            }
            if (image == null || image.isBlank()) {
                throw new IllegalArgumentException("cluster mode needs --image: an image with /app/benchmarks.jar, built "
                        + "from benchmarks/Dockerfile and pushed where the cluster can pull it");
            }
            List<PoolResult> poolResults = runCluster(pools, size);
            run = RunDirectory.create(out, "sizing");
            for (PoolResult pool : poolResults) {
                allResults.addAll(pool.results());
                Sku sku = catalog.sku(pool.sku()).orElseThrow(() -> new IllegalArgumentException("pool " + pool.pool()
                        + " runs " + pool.sku() + ", which the SKU catalog " + catalog.source() + " lacks: add it with "
                        + "its price via --catalog"));
                KernelMeasurement m = MeasurementReader.read(pool.results(), "pool " + pool.pool(), kernel, size,
                        pool.facts(), "node pool " + pool.pool() + " (" + pool.node() + ")", sku.name());
                if (sku.vcpus() != pool.vcpus()) {
                    console.printf("sizing: note: catalog says %s has %d vCPUs, the node has %d%n", sku.name(), sku.vcpus(),
                            pool.vcpus());
                }
                measurements.add(m);
                checks.add(ScalingCheck.of(m, true));
                sizings.add(model.size(sku, m, target));
                String file = "jmh-" + pool.pool() + ".json";
                writeText(run.file(file), pool.jmhJson());
                jmhFiles.put(pool.pool(), file);
            }
            if (poolResults.size() == 1) {
                writeText(run.file("jmh.json"), poolResults.get(0).jmhJson());
            }
        }

        SizingModel.Recommendation recommendation = SizingModel.recommend(sizings, target, catalog.currency());
        SizingReport report = new SizingReport(catalog, kernel, size, measurements, checks, target, sizings, recommendation,
                clusterMode);
        report.print(console);
        Path sizingFile = run.write(report.toRecord());
        Path runFile = run.describe(RunInfo.of("sizing").withTarget(clusterMode == null ? "embedded" : "cluster")
                .withKernel(kernel, size).withVersions(versions(allResults))
                .withSetting("sizing", new RunSetting(jmhFiles, recommendation.choice().sku().name()))
                .withStartedAt(startedAt).withFinishedAt(Instant.now()));
        console.println();
        console.println("sizing: results in " + run.path());
        console.println("  " + sizingFile.getFileName() + ", " + runFile.getFileName() + ", "
                + String.join(", ", jmhFiles.values()));
        return 0;
    }

    private Target target() {
        if (targetOptions == null) {
            return Target.blocksPerHour(Target.DEFAULT_BLOCKS_PER_HOUR);
        }
        if (targetOptions.blocksPerHour != null) {
            return Target.blocksPerHour(targetOptions.blocksPerHour);
        }
        return Target.batch(targetOptions.batch.blocks, targetOptions.batch.deadline);
    }

    private List<PoolResult> runCluster(List<PoolTarget> pools, int size) {
        KubernetesClient client = kubernetes;
        boolean own = client == null;
        try {
            if (own) {
                client = new KubernetesClientBuilder().build();
            }
            String ns = namespace != null ? namespace : client.getNamespace() != null ? client.getNamespace() : "default";
            console.printf("sizing: cluster %s, namespace %s, image %s, %d pool(s); each Job runs the thread sweep and a "
                    + "full-node measurement (a few minutes)%n", client.getMasterUrl(), ns, image, pools.size());
            BenchmarkJob.Spec spec = new BenchmarkJob.Spec(ns, image, kernel, Integer.toString(size), jmhOptions, timeout);
            return new ClusterBenchmark(client, spec, pollInterval, console).run(pools);
        } catch (ClusterBenchmarkException e) {
            throw new CliErrors.UserError(e.getMessage());
        } catch (KubernetesClientException e) {
            throw new CliErrors.UserError("cannot reach Kubernetes (" + e.getMessage() + "): check KUBECONFIG and the "
                    + "current context");
        } finally {
            if (own && client != null) {
                client.close();
            }
        }
    }

    /** Whether the JMH file was written in the last 15 minutes, so this machine's load averages still cover the run. */
    private static boolean recentlyWritten(Path jmh) {
        try {
            return Files.getLastModifiedTime(jmh).toInstant().isAfter(Instant.now().minus(Duration.ofMinutes(15)));
        } catch (IOException e) {
            return false;
        }
    }

    private static String copyJmh(Path jmh, RunDirectory run) {
        Path target = run.file("jmh.json");
        try {
            if (!Files.exists(target) || !Files.isSameFile(jmh, target)) {
                Files.copy(jmh, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + jmh + " into " + run.path() + ": " + e.getMessage(), e);
        }
        return "jmh.json";
    }

    private static void writeText(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * run.json's {@code sizing} section: the JMH files the sizing read and the SKU it recommends.
     *
     * @param jmh the JMH JSON files in the run directory, by node pool ({@code jmh.json} locally)
     */
    record RunSetting(Map<String, String> jmh, String recommended) {
    }

    private static Map<String, String> versions(List<JmhResult> results) {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("durascale", version());
        versions.put("jmh", jmhVersion(results));
        return versions;
    }

    private static String version() {
        String version = SizingCommand.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    private static String jmhVersion(List<JmhResult> results) {
        return results.stream().map(JmhResult::jmhVersion).filter(v -> v != null).findFirst()
                .orElse(org.openjdk.jmh.util.Version.getPlainVersion());
    }
}

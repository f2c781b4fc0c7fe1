package io.durascale.benchmarks.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.durascale.benchmarks.BlockSizes;
import io.durascale.benchmarks.KernelBenchmark;
import io.durascale.benchmarks.ThreadSweepBenchmark;
import io.durascale.benchmarks.sizing.MachineFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What the benchmark Job's container runs on a node: the thread sweep and the kernel benchmark
 * (with {@code -prof gc}) for one kernel and block size, then the kernel benchmark again with one
 * thread per vCPU of the node, so a full node is measured rather than extrapolated. It prints the
 * machine facts and the merged JMH JSON between {@link PodOutput}'s markers on stdout, where the
 * sizing command reads them from the pod log.
 */
@Command(name = "pod-benchmark", mixinStandardHelpOptions = true,
        description = "Run the sizing benchmarks on this node and print the result between marker lines.")
public final class PodBenchmark implements Callable<Integer> {

    @Option(names = "--kernel", defaultValue = "montecarlo", description = "Kernel (default: ${DEFAULT-VALUE}).")
    String kernel;

    @Option(names = "--block-size", defaultValue = BlockSizes.DEFAULT, description = "Block size (default: the kernel's).")
    String blockSize;

    @Option(names = "--threads", required = true, description = "vCPUs of the node: the full-node thread count.")
    int threads;

    @Option(names = "--jmh-options", defaultValue = "-f 1 -wi 2 -i 3 -w 1s -r 1s",
            description = "JMH options for both runs (default: ${DEFAULT-VALUE}).")
    String jmhOptions;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PodBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws IOException, RunnerException, CommandLineOptionException {
        String size = Integer.toString(BlockSizes.resolve(kernel, blockSize));
        Path work = Files.createTempDirectory("durascale-bench");
        ArrayNode merged = new ObjectMapper().createArrayNode();
        List<String> jvmArgs = List.of("-XX:ActiveProcessorCount=" + threads);

        Path sweep = work.resolve("sweep.json");
        run(base(jvmArgs).include(ThreadSweepBenchmark.class.getName() + "\\.")
                .include(KernelBenchmark.class.getName() + "\\.")
                .param("kernel", kernel).param("blockSize", size).param("spinTokens", "0")
                .addProfiler(GCProfiler.class).result(sweep.toString()), merged, sweep);
        if (threads != 1 && threads != 2 && threads != 4) {
            Path full = work.resolve("full-node.json");
            run(base(jvmArgs).include(KernelBenchmark.class.getName() + "\\.")
                    .param("kernel", kernel).param("blockSize", size).param("spinTokens", "0")
                    .threads(threads).result(full.toString()), merged, full);
        }
        MachineFacts local = MachineFacts.local();
        MachineFacts facts = new MachineFacts(local.cpuModel(), threads, local.threadsPerCore(), local.virtualMachine(),
                local.loadAverage());
        System.out.println(PodOutput.format(facts, merged));
        return 0;
    }

    private ChainedOptionsBuilder base(List<String> jvmArgs) throws CommandLineOptionException {
        List<String> args = new ArrayList<>(List.of(jmhOptions.trim().split("\\s+")));
        args.removeIf(String::isEmpty);
        return new OptionsBuilder().parent(new CommandLineOptions(args.toArray(new String[0])))
                .jvmArgsAppend(jvmArgs.toArray(new String[0])).resultFormat(ResultFormatType.JSON);
    }

    private static void run(ChainedOptionsBuilder options, ArrayNode merged, Path result) throws RunnerException, IOException {
        new Runner(options.build()).run();
        JsonNode array = new ObjectMapper().readTree(result.toFile());
        array.forEach(merged::add);
    }
}

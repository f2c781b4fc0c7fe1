package io.durascale.worker.cli;

import io.durascale.core.kernel.ComputeKernel;
import io.durascale.core.kernel.Kernels;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code worker.jar kernels}: what this worker can compute. */
@Command(name = "kernels", mixinStandardHelpOptions = true, description = "List the kernels on the class path.")
final class KernelsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        for (ComputeKernel kernel : Kernels.all()) {
            System.out.printf("%-12s default block size %,d (max %,d): %s%n", kernel.name(), kernel.defaultBlockSize(),
                    kernel.maxBlockSize(), kernel.description());
        }
        return 0;
    }
}

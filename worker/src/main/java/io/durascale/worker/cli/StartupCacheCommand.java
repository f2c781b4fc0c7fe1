package io.durascale.worker.cli;

import io.durascale.core.cli.CliErrors;
import io.durascale.core.launch.StartupCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code worker.jar startup-cache}: makes this jar's start-up cache for a JDK, with one training run. The build runs
 * it for the JDK that builds (so a fresh clone's first local pods start from the cache), the image build runs it
 * inside the image, and the local pod launcher runs it for a JDK that has none yet.
 */
@Command(name = "startup-cache", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Make the JVM's start-up cache of this worker.jar for a JDK (AOT cache on JDK 25+, class-data "
                + "sharing before) and print its path. Pods started with it are ready sooner.")
final class StartupCacheCommand implements Callable<Integer> {

    @Option(names = "--java", paramLabel = "PATH", description = "The java to make it for (default: the one running this).")
    Path java;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where caches are kept (default: startup-cache/ beside the jar).")
    Path dir;

    @Option(names = "--file", paramLabel = "FILE", description = "Also copy it to this fixed path (for an image's entry point).")
    Path file;

    @Option(names = "--jvm-options", paramLabel = "OPTIONS",
            description = "The JVM options the pods run with, which the training run uses too (default: \"${DEFAULT-VALUE}\", "
                    + "the local pod launcher's; \"\" for the JVM's defaults, as in the image).")
    String jvmOptions = String.join(" ", StartupCommand.POD_JVM_OPTIONS);

    @Override
    public Integer call() throws Exception {
        Path jar = WorkerJarPath.self();
        Path javaPath = java != null ? java : Path.of(System.getProperty("java.home"), "bin", "java");
        Path caches = dir != null ? dir : jar.toAbsolutePath().getParent().resolve("startup-cache");
        StartupCache cache = StartupCache.of(javaPath, jar, caches);
        if (!cache.supported()) {
            throw new CliErrors.UserError(javaPath + " is older than JDK 13 and cannot make a start-up cache");
        }
        Files.createDirectories(caches);
        Path log = caches.resolve("training.log");
        Optional<Path> made = cache.ensure(jvmOptions.isBlank() ? List.of() : List.of(jvmOptions.trim().split("\\s+")), List.of("train"), Duration.ofMinutes(2), log);
        if (made.isEmpty()) {
            throw new CliErrors.UserError("the training run for the start-up cache failed: see " + log);
        }
        if (file != null) {
            Files.copy(made.get(), file, StandardCopyOption.REPLACE_EXISTING);
        }
        System.out.println("start-up cache: " + cache.describe() + " at " + (file != null ? file : made.get())
                + "; use it with " + String.join(" ", cache.useOptions()).replace(made.get().toString(),
                        (file != null ? file : made.get()).toString()));
        return 0;
    }
}

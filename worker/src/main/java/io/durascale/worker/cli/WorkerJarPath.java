package io.durascale.worker.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the running worker.jar is: the commands that start more workers start this same jar. */
final class WorkerJarPath {

    private WorkerJarPath() {
    }

    static Path self() {
        try {
            Path path = Path.of(WorkerJarPath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(path) || !path.toString().endsWith(".jar")) {
                throw new IllegalStateException("this command runs from worker.jar (java -jar worker/target/worker.jar ...), "
                        + "not from " + path);
            }
            return path;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

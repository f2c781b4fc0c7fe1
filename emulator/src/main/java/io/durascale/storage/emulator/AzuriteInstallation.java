package io.durascale.storage.emulator;

import io.durascale.storage.ConnectionString;
import io.durascale.storage.StorageEmulator;
import io.durascale.storage.StorageUnavailableException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Azurite installed from the npm registry with {@code npm ci} from the lock file committed in
 * this module's resources, into a project-local, git-ignored folder ({@code .durascale/azurite}
 * at the repository root). The folder is keyed by the lock file's hash, so changing the pin
 * installs afresh, and installing is guarded by a file lock so concurrent JVMs install once.
 */
final class AzuriteInstallation {

    private static final Logger log = LoggerFactory.getLogger(AzuriteInstallation.class);
    private static final String RESOURCES = "/io/durascale/storage/emulator/azurite/";
    /** What {@code npm ci} installs from; the folder name hashes these, so a new pin installs afresh. */
    private static final List<String> LOCK_FILES = List.of("package.json", "package-lock.json");
    private static final String LAUNCHER = "azurite-launcher.js";
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(10);

    private final Path directory;
    private final String node;

    private AzuriteInstallation(Path directory, String node) {
        this.directory = directory;
        this.node = node;
    }

    /** The Node.js executable to run Azurite with. */
    String node() {
        return node;
    }

    /** The launcher script that runs one Azurite service and reports its port. */
    Path launcher() {
        return directory.resolve(LAUNCHER);
    }

    Path directory() {
        return directory;
    }

    /** The pinned Azurite version, read from the committed package.json. */
    static String pinnedVersion() {
        try {
            return new ObjectMapper().readTree(resource("package.json")).path("dependencies").path("azurite").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Finds Node and npm, and installs Azurite if this lock file's folder is not complete yet.
     *
     * @throws StorageUnavailableException when Node.js or npm is missing or the install fails
     */
    static AzuriteInstallation ensureInstalled(Path home, Map<String, String> env) {
        String node = env.getOrDefault("DURASCALE_NODE", "node");
        String nodeVersion = probe(List.of(node, "--version"));
        if (nodeVersion == null) {
            throw new StorageUnavailableException("Node.js was not found (tried '" + node + "')");
        }
        Path root = home.resolve("azurite");
        Path target = root.resolve(lockHash());
        try {
            Files.createDirectories(root);
            try (FileChannel channel = FileChannel.open(root.resolve(".install.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (!Files.isRegularFile(target.resolve(".installed"))) {
                    install(root, target, env);
                }
                // The launcher is ours, not npm's: refresh it without reinstalling.
                byte[] launcher = resource(LAUNCHER);
                Path installed = target.resolve(LAUNCHER);
                if (!Files.exists(installed) || !Arrays.equals(Files.readAllBytes(installed), launcher)) {
                    Files.write(installed, launcher);
                }
            }
        } catch (IOException e) {
            throw new StorageUnavailableException("could not install Azurite into " + root + ": " + e.getMessage());
        }
        return new AzuriteInstallation(target, node);
    }

    private static void install(Path root, Path target, Map<String, String> env) throws IOException {
        String npm = env.getOrDefault("DURASCALE_NPM", "npm");
        if (probe(List.of(npm, "--version")) == null) {
            throw new StorageUnavailableException("npm was not found (tried '" + npm + "'), so Azurite cannot be installed");
        }
        Path staging = root.resolve(target.getFileName() + ".staging-" + ProcessHandle.current().pid());
        deleteRecursively(staging);
        Files.createDirectories(staging);
        for (String file : LOCK_FILES) {
            Files.write(staging.resolve(file), resource(file));
        }
        log.info("Installing Azurite {} from the npm registry into {} (first use only; about half a minute)...",
                pinnedVersion(), target);
        Path npmLog = staging.resolve("npm-ci.log");
        // --ignore-scripts: Azurite needs no install scripts, and npm 11 refuses unapproved ones anyway.
        ProcessBuilder pb = new ProcessBuilder(npm, "ci", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund")
                .directory(staging.toFile())
                .redirectErrorStream(true)
                .redirectOutput(npmLog.toFile());
        int exit;
        try {
            Process process = pb.start();
            if (!process.waitFor(NPM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new StorageUnavailableException("'npm ci' for Azurite did not finish within "
                        + NPM_TIMEOUT.toMinutes() + " minutes; its log is " + npmLog);
            }
            exit = process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("interrupted while installing Azurite");
        }
        if (exit != 0) {
            throw new StorageUnavailableException("'npm ci' for Azurite failed with exit code " + exit
                    + " (is the npm registry reachable?); its log is " + npmLog + ": " + tail(npmLog));
        }
        Files.writeString(staging.resolve(".installed"), pinnedVersion() + "\n");
        deleteRecursively(target);
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(staging, target);
        }
        log.info("Azurite {} installed in {}", pinnedVersion(), target);
    }

    private static String lockHash() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String file : LOCK_FILES) {
                digest.update(resource(file));
            }
            return "azurite-" + pinnedVersion() + "-" + HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = AzuriteInstallation.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCES + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a short command and returns its first output line, or null if it cannot run. */
    static String probe(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readNBytes(4096);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            String text = new String(out, StandardCharsets.UTF_8).strip();
            return process.exitValue() == 0 ? text.lines().findFirst().orElse("") : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(log unreadable)";
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(all::add);
        }
        for (Path p : all) {
            Files.deleteIfExists(p);
        }
    }
}

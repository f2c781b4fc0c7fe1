package io.durascale.core.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM's start-up cache for one jar and one JDK: the classes a start loads, parsed, verified and linked once, so
 * that every later start maps them instead of loading them again. A worker pod starts on every scale-from-zero, and
 * most of its start is class loading: this is the cheapest second saved per scale-up.
 *
 * <ul>
 *   <li>JDK 25 and later: the ahead-of-time cache ({@code -XX:AOTCacheOutput} to create, {@code -XX:AOTCache} to use;
 *       JEP 483 and JEP 514), which also keeps linked classes and method profiles;</li>
 *   <li>JDK 13 to 24: a dynamic class-data-sharing archive ({@code -XX:ArchiveClassesAtExit} to create,
 *       {@code -XX:SharedArchiveFile} to use; JEP 350).</li>
 * </ul>
 * Both are made by a training run that exits normally ({@code worker.jar train}), and both are valid only for the JDK
 * build that made them and the same jar: the file name holds a digest of both, so a rebuilt jar or another JDK gets its
 * own file, and the JVM itself refuses (with a warning, then runs without) one that does not match.
 */
public final class StartupCache {

    private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)[^\"]*\"", Pattern.MULTILINE);

    private final Path java;
    private final Path jar;
    private final Path file;
    private final int feature;

    private StartupCache(Path java, Path jar, Path file, int feature) {
        this.java = java;
        this.jar = jar;
        this.file = file;
        this.feature = feature;
    }

    /**
     * The cache of {@code jar} for the JDK of {@code java} ({@code <java.home>/bin/java}), kept in {@code directory}.
     *
     * @throws IllegalArgumentException if the jar or the JDK's {@code release} file cannot be read
     */
    public static StartupCache of(Path java, Path jar, Path directory) {
        Path home = java.toAbsolutePath().normalize().getParent().getParent();
        String release;
        try {
            release = Files.readString(home.resolve("release"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot tell the version of " + java + " (no readable " + home.resolve("release")
                    + "): give the java of a JDK or JRE", e);
        }
        Matcher version = VERSION.matcher(release);
        int feature = version.find() ? Integer.parseInt(version.group(1)) : 0;
        String key = digest(jar, release + "\n" + home);
        String name = jar.getFileName().toString().replaceFirst("\\.jar$", "") + "-jdk" + feature + "-" + key
                + (feature >= 25 ? ".aot" : ".jsa");
        return new StartupCache(java, jar, directory.resolve(name), feature);
    }

    /** The cache of the jar for the JDK this JVM runs on. */
    public static StartupCache forThisJvm(Path jar, Path directory) {
        return of(Path.of(System.getProperty("java.home"), "bin", "java"), jar, directory);
    }

    /** Whether this JDK can make one at all (JDK 13 and later can). */
    public boolean supported() {
        return feature >= 13;
    }

    public Path file() {
        return file;
    }

    /** {@code aot cache (JDK 25)} or {@code class-data-sharing archive (JDK 17)}: how the console names it. */
    public String describe() {
        return (feature >= 25 ? "AOT cache" : "class-data-sharing archive") + " (JDK " + feature + ")";
    }

    public boolean exists() {
        return Files.isRegularFile(file);
    }

    /** The JVM options that use the cache; none when it does not exist (or the JDK cannot use one). */
    public List<String> useOptions() {
        if (!supported() || !exists()) {
            return List.of();
        }
        return List.of(feature >= 25 ? "-XX:AOTCache=" + file : "-XX:SharedArchiveFile=" + file);
    }

    /**
     * Makes the cache if it is missing: runs {@code java <jvmOptions> <create option> -jar <jar> <trainingArguments>}
     * and keeps its output only if the run exited 0 and wrote the file. Safe to call from several processes: each
     * writes its own temporary file and the last rename wins with an equally valid cache.
     *
     * @param jvmOptions the options the cache will be used with (heap, collector): the training run uses them too
     * @return the file, or empty when this JDK cannot make one or the training run failed (the reason is in the log)
     */
    public Optional<Path> ensure(List<String> jvmOptions, List<String> trainingArguments, Duration timeout, Path log) {
        if (!supported()) {
            return Optional.empty();
        }
        if (exists()) {
            return Optional.of(file);
        }
        try {
            Files.createDirectories(file.getParent());
            Path partial = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
            Files.delete(partial); // the JVM refuses to overwrite (JDK 17) or wants to create it itself
            List<String> command = new ArrayList<>();
            command.add(java.toString());
            command.addAll(jvmOptions);
            command.add(feature >= 25 ? "-XX:AOTCacheOutput=" + partial : "-XX:ArchiveClassesAtExit=" + partial);
            command.add("-jar");
            command.add(jar.toAbsolutePath().toString());
            command.addAll(trainingArguments);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                Files.deleteIfExists(partial);
                return Optional.empty();
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(partial)) {
                Files.deleteIfExists(partial);
                return Optional.empty();
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            removeStale();
            return Optional.of(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the start-up cache " + file + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Caches of earlier builds of the same jar for the same JDK release: no JVM can use them any more. */
    private void removeStale() throws IOException {
        String name = file.getFileName().toString();
        String prefix = name.substring(0, name.lastIndexOf('-') + 1);
        String suffix = name.substring(name.lastIndexOf('.'));
        try (var siblings = Files.list(file.getParent())) {
            for (Path other : siblings.toList()) {
                String n = other.getFileName().toString();
                if (!other.equals(file) && n.startsWith(prefix) && n.endsWith(suffix)) {
                    Files.deleteIfExists(other);
                }
            }
        }
    }

    /** A short digest of the jar's bytes and the JDK's identity. */
    private static String digest(Path jar, String jdk) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(jar));
            sha.update(jdk.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(), 0, 6);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + jar + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return file.toString();
    }
}

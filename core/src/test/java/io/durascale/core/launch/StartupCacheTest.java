package io.durascale.core.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up cache against this JVM, with a real training run of a real (tiny) jar. */
class StartupCacheTest {

    @TempDir
    Path dir;

    @Test
    void aTrainingRunMakesTheCacheThatTheUseOptionsName() throws Exception {
        Path jar = jar("Hello", "public class Hello { public static void main(String[] a) { System.out.println(\"hi\"); } }");
        StartupCache cache = StartupCache.forThisJvm(jar, dir.resolve("caches"));
        assertThat(cache.supported()).isTrue();
        assertThat(cache.exists()).isFalse();
        assertThat(cache.useOptions()).as("nothing to use before the cache exists").isEmpty();

        assertThat(cache.ensure(List.of("-Xmx64m"), List.of(), Duration.ofMinutes(1), dir.resolve("training.log")))
                .contains(cache.file());

        assertThat(cache.file()).isRegularFile();
        assertThat(cache.useOptions()).singleElement().asString().endsWith("=" + cache.file());
        // The cache starts a JVM that runs the jar as before.
        Process run = new ProcessBuilder(java(), cache.useOptions().get(0), "-Xmx64m", "-jar", jar.toString())
                .redirectErrorStream(true).start();
        assertThat(new String(run.getInputStream().readAllBytes())).contains("hi").doesNotContain("warning");
        assertThat(run.waitFor()).isZero();
    }

    @Test
    void aRebuiltJarGetsItsOwnCacheAndTheOldOneIsRemoved() throws Exception {
        Path jar = jar("Hello", "public class Hello { public static void main(String[] a) { } }");
        StartupCache first = StartupCache.forThisJvm(jar, dir);
        first.ensure(List.of(), List.of(), Duration.ofMinutes(1), dir.resolve("training.log"));
        jar("Hello", "public class Hello { public static void main(String[] a) { System.exit(0); } }");

        StartupCache second = StartupCache.forThisJvm(jar, dir);
        assertThat(second.file()).isNotEqualTo(first.file());
        second.ensure(List.of(), List.of(), Duration.ofMinutes(1), dir.resolve("training.log"));
        assertThat(first.file()).doesNotExist();
        assertThat(second.file()).isRegularFile();
    }

    @Test
    void aFailedTrainingRunLeavesNoCache() throws Exception {
        Path jar = jar("Fails", "public class Fails { public static void main(String[] a) { System.exit(3); } }");
        StartupCache cache = StartupCache.forThisJvm(jar, dir.resolve("caches"));
        assertThat(cache.ensure(List.of(), List.of(), Duration.ofMinutes(1), dir.resolve("training.log"))).isEmpty();
        assertThat(cache.exists()).isFalse();
        try (var files = Files.list(dir.resolve("caches"))) {
            assertThat(files).as("no partial file left behind").isEmpty();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Compiles one class and packs it as an executable jar (the same path each time: a rebuilt jar). */
    private Path jar(String className, String source) throws IOException {
        Path src = dir.resolve("src");
        Files.createDirectories(src);
        Path file = Files.writeString(src.resolve(className + ".java"), source);
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", src.toString(), file.toString())).isZero();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, className);
        Path jar = dir.resolve("app.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.putNextEntry(new JarEntry(className + ".class"));
            jarOut.write(Files.readAllBytes(src.resolve(className + ".class")));
            jarOut.closeEntry();
        }
        return jar;
    }
}

package dev.rustkit.it;

import dev.rustkit.scaffolder.Scaffolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** scaffolder-core as the tests drive it: the engine over the jars Maven reads, and the CLI as a shell runs it. */
final class Scaffolding {

    /** The archetype jar {@code mvn archetype:generate} reads: the one installed in the local repository. */
    static Path installedJar(Archetype archetype) {
        String version = TestSettings.rustkitVersion();
        return Path.of(TestSettings.localRepository(), "dev", "rustkit", archetype.artifactId(), version,
                archetype.artifactId() + "-" + version + ".jar");
    }

    /** One engine over every archetype under test, read from exactly the jars Maven generates from. */
    static Scaffolder engine() {
        return Scaffolder.fromJars(Arrays.stream(Archetype.values()).map(Scaffolding::installedJar).toList());
    }

    /** A new directory under the suite's work directory, which may not exist yet when a test runs first. */
    static Path workDirectory(String prefix) {
        try {
            return Files.createTempDirectory(Files.createDirectories(TestSettings.workDirectory()), prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path cliJar() {
        return TestSettings.repoRoot().resolve("scaffolder-core/target/scaffolder.jar");
    }

    /** The outcome of one CLI run; stdout and stderr apart, since the exit status and stderr are the contract. */
    record Cli(List<String> argv, int status, String out, String err) {
        String describe() {
            return "`" + String.join(" ", argv) + "` exited " + status + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** {@code java -jar scaffolder.jar --archetypes <each installed jar> args...}, run to completion. */
    static Cli cli(String... args) {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", cliJar().toString()));
        for (Archetype archetype : Archetype.values()) {
            argv.add("--archetypes");
            argv.add(installedJar(archetype).toString());
        }
        argv.addAll(List.of(args));
        return run(argv);
    }

    static Cli run(List<String> argv) {
        try {
            Path out = Files.createTempFile("scaffolder", ".out");
            Path err = Files.createTempFile("scaffolder", ".err");
            try {
                Process process = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                process.getOutputStream().close();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly().waitFor();
                    throw new IllegalStateException("Timed out: " + argv);
                }
                return new Cli(argv, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Scaffolding() {}
}

package dev.rustkit.scaffolder.cli;

import dev.rustkit.scaffolder.ArchetypeException;
import dev.rustkit.scaffolder.Scaffolder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** Where the CLI finds archetype jars, first match wins (see {@code scaffolder --help}). */
final class ArchetypeSources {
    static final String ENVIRONMENT = "RUSTKIT_ARCHETYPES";
    /** rustkit's archetypes: {@code dev.rustkit:<id>-archetype}. */
    private static final String GROUP_PATH = "dev/rustkit";

    static Scaffolder scaffolder(List<Path> given, Path mavenRepository, String version) {
        if (mavenRepository != null && !Files.isDirectory(mavenRepository)) {
            throw new CliFailure(ScaffolderCli.INVALID_INPUT, "--maven-repo " + mavenRepository + ": "
                    + (Files.exists(mavenRepository) ? "not a directory" : "no such directory")
                    + "; give the local Maven repository's directory (~/.m2/repository by default).");
        }
        if (!given.isEmpty()) {
            for (Path path : given) {
                requireExists(path, "--archetypes " + path + ": no such file or directory");
            }
            return Scaffolder.fromJars(given);
        }
        String listed = System.getenv(ENVIRONMENT);
        if (listed != null && !listed.isBlank()) {
            List<Path> paths = Arrays.stream(listed.split(File.pathSeparator))
                    .filter(entry -> !entry.isBlank()).map(Path::of).toList();
            for (Path path : paths) {
                requireExists(path, ENVIRONMENT + " names " + path + ", which does not exist");
            }
            return Scaffolder.fromJars(paths);
        }
        Scaffolder onClasspath = Scaffolder.fromClasspath();
        if (!onClasspath.archetypes().isEmpty()) {
            return onClasspath;
        }
        return Scaffolder.fromJars(fromMavenRepository(mavenRepository, version));
    }

    /** A path the user named must be there (what it holds, the engine judges); {@code missing} says it is not. */
    private static void requireExists(Path path, String missing) {
        if (!Files.exists(path)) {
            throw new CliFailure(ScaffolderCli.INVALID_INPUT, missing + "; give an archetype jar or a directory of them.");
        }
    }

    /** {@code <repo>/dev/rustkit/<name>-archetype/<version>/<name>-archetype-<version>.jar}, for every name. */
    static List<Path> fromMavenRepository(Path repository, String version) {
        if (version == null) {
            throw new ArchetypeException("this scaffolder was not built as a jar, so it cannot tell which archetype"
                    + " version to read from the Maven repository; pass --archetypes");
        }
        Path repo = repository != null ? repository
                : Path.of(System.getProperty("maven.repo.local",
                        Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
        Path group = repo.resolve(GROUP_PATH);
        if (!Files.isDirectory(group)) {
            return List.of();
        }
        try (Stream<Path> artifacts = Files.list(group)) {
            return artifacts
                    .filter(dir -> dir.getFileName().toString().endsWith("-archetype"))
                    .map(dir -> dir.resolve(version).resolve(dir.getFileName() + "-" + version + ".jar"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + group, e);
        }
    }

    private ArchetypeSources() {}
}

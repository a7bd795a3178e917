package dev.rustkit.scaffolder.archetype;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * What every rustkit archetype does after {@code mvn archetype:generate} has written its files; called by the
 * archetype's {@code archetype-post-generate.groovy}.
 *
 * <p>Maven writes the files first and only then runs the script, so a rejected value means undoing the write. The
 * undo deletes exactly the files this archetype generates (Maven refuses to overwrite an existing file, so each of
 * them was written by this run) and then the directories left empty, never anything that was there before.
 */
public final class PostGenerate {
    static final String RESOURCES_PREFIX = "archetype-resources/";

    /**
     * Optional resource of an archetype jar naming the generated files that must be executable, one project-relative
     * path a line ({@code #} starts a comment). Maven writes every file without the executable bit, so this step sets
     * it; scaffolder-core reads the same list, so both give the file mode 0755.
     */
    public static final String EXECUTABLES_RESOURCE = "META-INF/rustkit/executables";

    /** Files Maven must generate but the project does not keep (see {@link #finish}). */
    public static final List<String> DISCARDED_FILES = List.of("pom.xml");

    /** Entry point for the Groovy script: {@code request.outputDirectory} and {@code request.properties}. */
    public static void run(String outputDirectory, Properties properties) {
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        Path jar = ownArchetypeJar();
        run(Path.of(outputDirectory), values, generatedFilesOf(jar));
        markExecutable(Path.of(outputDirectory).resolve(values.get("artifactId")), executablesOf(jar));
    }

    static void run(Path outputDirectory, Map<String, String> values, List<String> generatedFiles) {
        Path projectDirectory = outputDirectory.resolve(values.getOrDefault("artifactId", ""));
        List<Problem> problems = PropertyRules.problems(values);
        if (!problems.isEmpty()) {
            discard(outputDirectory, projectDirectory, generatedFiles);
            throw new InvalidPropertiesException(problems);
        }
        finish(projectDirectory);
    }

    /**
     * Removes the {@code pom.xml} Maven insists on generating: the archetype plugin fails without one in
     * {@code archetype-resources}, but a Rust project has no use for it.
     */
    public static void finish(Path projectDirectory) {
        try {
            for (String discarded : DISCARDED_FILES) {
                Files.deleteIfExists(projectDirectory.resolve(discarded));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds the executable bit wherever a read bit is set (0644 becomes 0755), as {@code chmod +x} does under the
     * usual umask, to each of {@code paths} below {@code projectDirectory}. Does nothing where POSIX modes do not exist.
     */
    public static void markExecutable(Path projectDirectory, List<String> paths) {
        try {
            for (String relative : paths) {
                Path file = projectDirectory.resolve(relative);
                Set<PosixFilePermission> modes = EnumSet.copyOf(Files.getPosixFilePermissions(file));
                if (modes.contains(PosixFilePermission.OWNER_READ)) {
                    modes.add(PosixFilePermission.OWNER_EXECUTE);
                }
                if (modes.contains(PosixFilePermission.GROUP_READ)) {
                    modes.add(PosixFilePermission.GROUP_EXECUTE);
                }
                if (modes.contains(PosixFilePermission.OTHERS_READ)) {
                    modes.add(PosixFilePermission.OTHERS_EXECUTE);
                }
                Files.setPosixFilePermissions(file, modes);
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): there is no executable bit to set.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The paths listed in an {@link #EXECUTABLES_RESOURCE} text: one a line, blank lines and # comments skipped. */
    public static List<String> parseExecutables(String text) {
        return text.lines()
                .map(line -> line.replaceFirst("#.*", "").strip())
                .filter(line -> !line.isEmpty())
                .toList();
    }

    static void discard(Path outputDirectory, Path projectDirectory, List<String> generatedFiles) {
        Path output = outputDirectory.toAbsolutePath().normalize();
        Path project = projectDirectory.toAbsolutePath().normalize();
        Set<Path> directories = new HashSet<>();
        try {
            for (String relative : generatedFiles) {
                Path file = project.resolve(relative).normalize();
                Files.deleteIfExists(file);
                for (Path dir = file.getParent(); dir != null && dir.startsWith(project); dir = dir.getParent()) {
                    directories.add(dir);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // An artifactId with a slash nests the project: its parents below the output directory go too, if empty.
        for (Path dir = project; dir != null && dir.startsWith(output) && !dir.equals(output); dir = dir.getParent()) {
            directories.add(dir);
        }
        directories.stream()
                .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
                .forEach(PostGenerate::deleteIfEmpty);
    }

    private static void deleteIfEmpty(Path dir) {
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException ignored) {
            // Not there, or not ours to empty: leave it.
        }
    }

    /** The project-relative paths an archetype jar generates: its {@code archetype-resources} files. */
    static List<String> generatedFilesOf(Path archetypeJar) {
        try (JarFile jar = new JarFile(archetypeJar.toFile())) {
            return jar.stream()
                    .filter(entry -> !entry.isDirectory())
                    .map(JarEntry::getName)
                    .filter(name -> name.startsWith(RESOURCES_PREFIX))
                    .map(name -> name.substring(RESOURCES_PREFIX.length()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files an archetype jar marks executable: its {@link #EXECUTABLES_RESOURCE}, if it has one. */
    static List<String> executablesOf(Path archetypeJar) {
        try (JarFile jar = new JarFile(archetypeJar.toFile())) {
            JarEntry entry = jar.getJarEntry(EXECUTABLES_RESOURCE);
            if (entry == null) {
                return List.of();
            }
            try (var in = jar.getInputStream(entry)) {
                return parseExecutables(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This class ships inside the archetype jar it serves; find that jar. */
    private static Path ownArchetypeJar() {
        try {
            return new File(PostGenerate.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toPath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the archetype jar", e);
        }
    }

    private PostGenerate() {}
}

package dev.rustkit.scaffolder.archetype;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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

    /** Entry point for the Groovy script: {@code request.outputDirectory} and {@code request.properties}. */
    public static void run(String outputDirectory, Properties properties) {
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        Path jar = ownArchetypeJar();
        run(Path.of(outputDirectory), values, generatedFilesOf(jar), resource(jar, CARGO_LOCK));
    }

    static void run(Path outputDirectory, Map<String, String> values, List<String> generatedFiles,
            String cargoLockTemplate) {
        Path projectDirectory = outputDirectory.resolve(values.getOrDefault("artifactId", ""));
        List<Problem> problems = PropertyRules.problems(values, cargoLockTemplate);
        if (!problems.isEmpty()) {
            discard(outputDirectory, projectDirectory, generatedFiles);
            throw new InvalidPropertiesException(problems);
        }
        finish(projectDirectory);
    }

    /**
     * Removes the {@code pom.xml} Maven insists on generating (the archetype plugin fails without one in
     * {@code archetype-resources}, but a Rust project has no use for it), puts {@link #finishedContent the last
     * touches} on the files, and makes scripts executable: Maven drops file modes, so a generated file that starts
     * with a shebang gets mode 0755.
     */
    public static void finish(Path projectDirectory) {
        try {
            Files.deleteIfExists(projectDirectory.resolve(MAVEN_POM));
            try (Stream<Path> files = Files.walk(projectDirectory)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String relative = projectDirectory.relativize(file).toString().replace(File.separatorChar, '/');
                    byte[] content = Files.readAllBytes(file);
                    byte[] finished = finishedContent(relative, content);
                    if (finished != content) {
                        Files.write(file, finished);
                    }
                    if (isScript(finished)) {
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lock file the archetypes ship, at the project's root. */
    static final String CARGO_LOCK = "Cargo.lock";

    /**
     * A generated file as it is finally written: the same array when nothing changes. {@code Cargo.lock} gets its
     * packages in cargo's order (by name; same-name packages keep their order, which is cargo's). The template puts
     * the root package first because its name is only known now; cargo accepts that under {@code --locked} but
     * rewrites the file on the first plain {@code cargo build}, leaving a fresh checkout with a changed lock.
     */
    public static byte[] finishedContent(String relativePath, byte[] content) {
        if (!relativePath.equals(CARGO_LOCK)) {
            return content;
        }
        String lock = new String(content, StandardCharsets.UTF_8);
        String separator = "\n[[package]]\n";
        String[] parts = lock.split(Pattern.quote(separator), -1);
        List<String> packages = new ArrayList<>(Arrays.asList(parts).subList(1, parts.length));
        List<String> sorted = new ArrayList<>(packages);
        sorted.sort(Comparator.comparing(PostGenerate::packageName));
        if (sorted.equals(packages)) {
            return content;
        }
        // Every block ends with its newline (the blank line between blocks is the separator's first character).
        StringBuilder out = new StringBuilder(parts[0]);
        for (String block : sorted) {
            out.append(separator).append(block.endsWith("\n") ? block : block + "\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String packageName(String block) {
        String first = block.lines().findFirst().orElse("");
        return first.startsWith("name = \"") ? first.substring("name = \"".length(), first.length() - 1) : first;
    }

    /** The file Maven always generates and {@link #finish} removes. */
    public static final String MAVEN_POM = "pom.xml";

    /**
     * Whether a generated file is a script, which {@link #finish} makes executable (0755; others stay 0644): it
     * starts with a shebang, {@code #!/} or {@code #! /}. Rust's {@code #![attribute]} is no shebang.
     */
    public static boolean isScript(byte[] content) {
        return content.length >= 3 && content[0] == '#' && content[1] == '!'
                && (content[2] == '/' || content[2] == ' ');
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

    /** One file of the archetype's {@code archetype-resources}, as the jar holds it; null when it has none. */
    static String resource(Path archetypeJar, String relativePath) {
        try (JarFile jar = new JarFile(archetypeJar.toFile())) {
            JarEntry entry = jar.getJarEntry(RESOURCES_PREFIX + relativePath);
            if (entry == null) {
                return null;
            }
            try (var in = jar.getInputStream(entry)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
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

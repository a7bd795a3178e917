package dev.rustkit.scaffolder.archetype;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
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
        // Cut the bytes, not decoded text (a portal finishes a lock per download; no decoding and encoding it whole).
        // The separator is ASCII, which UTF-8 never uses inside a multi-byte character, so it is found where it would
        // be in the text; `bytes` sees each byte as one char, so its indexes are the bytes' indexes.
        String bytes = new String(content, StandardCharsets.ISO_8859_1);
        int first = bytes.indexOf(LOCK_SEPARATOR);
        if (first < 0) {
            return content;
        }
        List<Block> packages = new ArrayList<>();
        for (int start = first + LOCK_SEPARATOR.length(), next; ; start = next + LOCK_SEPARATOR.length()) {
            next = bytes.indexOf(LOCK_SEPARATOR, start);
            int end = next < 0 ? content.length : next;
            packages.add(new Block(packageName(content, start, end), start, end));
            if (next < 0) {
                break;
            }
        }
        List<Block> sorted = new ArrayList<>(packages);
        sorted.sort(Comparator.comparing(Block::name)); // stable: same-name packages keep cargo's order
        if (sorted.equals(packages)) {
            return content;
        }
        // Every block ends with its newline (the blank line between blocks is the separator's first character).
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 1);
        out.write(content, 0, first);
        for (Block block : sorted) {
            out.writeBytes(LOCK_SEPARATOR_BYTES);
            out.write(content, block.start(), block.end() - block.start());
            if (block.end() == block.start() || content[block.end() - 1] != '\n') {
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    private static final String LOCK_SEPARATOR = "\n[[package]]\n";
    private static final byte[] LOCK_SEPARATOR_BYTES = LOCK_SEPARATOR.getBytes(StandardCharsets.US_ASCII);

    /** One {@code [[package]]} block of a lock: its name, and where its text starts and ends in the lock's bytes. */
    private record Block(String name, int start, int end) {}

    /** The name in the block's first line, {@code name = "serde"}; the whole line if it is no such line. */
    private static String packageName(byte[] lock, int start, int end) {
        int lineEnd = start;
        while (lineEnd < end && lock[lineEnd] != '\n' && lock[lineEnd] != '\r') {
            lineEnd++;
        }
        String first = new String(lock, start, lineEnd - start, StandardCharsets.UTF_8);
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

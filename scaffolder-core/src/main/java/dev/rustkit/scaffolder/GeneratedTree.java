package dev.rustkit.scaffolder;

import dev.rustkit.scaffolder.internal.DirectoryWriter;
import dev.rustkit.scaffolder.internal.ZipWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A generated project, in memory: exactly the files and directories {@code mvn archetype:generate -B} leaves in
 * {@code <outputDirectory>/<artifactId>}, with their modes. Nothing is on disk until {@link #writeTo} or
 * {@link #writeZip}; listing {@link #files} is the dry run. Immutable and safe to share between threads.
 */
public final class GeneratedTree {
    private final String archetype;
    private final Map<String, String> properties;
    private final List<GeneratedFile> files;
    private final List<String> directories;

    GeneratedTree(String archetype, Map<String, String> properties, List<GeneratedFile> files, List<String> directories) {
        this.archetype = archetype;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
        this.files = List.copyOf(files);
        this.directories = List.copyOf(directories);
    }

    /**
     * The archetype it was generated from.
     *
     * @return the archetype id, e.g. {@code actix-scratch}
     */
    public String archetype() {
        return archetype;
    }

    /**
     * Every property value it was generated with: those given, and defaults for the rest; Maven's standard ones too.
     *
     * @return the values by name, in the order of {@link ArchetypeSpec#properties}; unmodifiable
     */
    public Map<String, String> properties() {
        return properties;
    }

    /**
     * Every file.
     *
     * @return the files sorted by path ({@link String} order); unmodifiable
     */
    public List<GeneratedFile> files() {
        return files;
    }

    /**
     * One file, by path.
     *
     * @param path relative to the project directory, '/'-separated, e.g. {@code src/main.rs}
     * @return the file, or empty if there is none at that path (a directory included)
     */
    public Optional<GeneratedFile> file(String path) {
        return files.stream().filter(file -> file.path().equals(path)).findFirst();
    }

    /**
     * Every directory, the project directory itself excluded; some may be empty (a fileSet that matched nothing).
     *
     * @return the directories' paths, relative and '/'-separated, sorted; unmodifiable
     */
    public List<String> directories() {
        return directories;
    }

    /**
     * Writes the project into {@code target}, which must not exist or be an empty directory; missing parent
     * directories are created. Files and directories get the process umask's modes (0644 and 0755 under umask 022),
     * scripts 0755, as Maven and the archetypes' post-generate step leave them. A new target appears whole, in one
     * rename, or not at all. Concurrent calls are safe as long as their targets differ. On any failure nothing
     * is left behind: not the files, not the directories this call created; the exception names {@code target} or a
     * path in it, never the hidden sibling directory the project is assembled in.
     *
     * @param target the project directory to create (or an empty one to fill)
     * @throws DirectoryNotEmptyException if {@code target} is a directory with anything in it
     * @throws FileAlreadyExistsException if {@code target} exists and is not a directory
     * @throws NotDirectoryException naming the file, if {@code target} lies under a file rather than a directory
     * @throws IOException if the system refuses the write (permissions, a full or read-only disk, ...)
     */
    public void writeTo(Path target) throws IOException {
        DirectoryWriter.write(target, files, directories);
    }

    /**
     * Writes the project as a zip to {@code out} (left open), entries relative to the project directory (no
     * leading directory; extract with {@code unzip -d <project>}), directories included, unix modes recorded:
     * 0755 for executables and directories, 0644 for other files. The zip is assembled in memory and written in one
     * go, then {@code out} is flushed.
     *
     * <p>The zip is reproducible: every entry carries the same fixed time, 1980-01-01 00:00:00 (the earliest a zip
     * records; extracted files show it as their modification time), so the same project always gives the same bytes,
     * whoever writes it (the CLI's {@code --zip}, a portal's download).
     *
     * @param out where the zip goes; not closed
     * @throws IOException if {@code out} fails; what was written to it by then is undefined
     */
    public void writeZip(OutputStream out) throws IOException {
        writeZip(out, "");
    }

    /**
     * Writes the project as a zip, as {@link #writeZip(OutputStream)} does, with every entry under
     * {@code topDirectory} (a portal's {@code baseDir}): {@code orders/Cargo.toml}, ... The top directory and each of
     * its parents are entries of their own (mode 0755). An empty {@code topDirectory} gives exactly the bytes of
     * {@link #writeZip(OutputStream)}.
     *
     * @param out where the zip goes; not closed
     * @param topDirectory a relative, '/'-separated path such as {@code orders} or {@code services/orders}, or empty
     * @throws IllegalArgumentException if {@code topDirectory} is absolute, ends in '/', or holds an empty, {@code .}
     *     or {@code ..} segment, a backslash or a control character; nothing was written
     * @throws IOException if {@code out} fails; what was written to it by then is undefined
     */
    public void writeZip(OutputStream out, String topDirectory) throws IOException {
        List<ZipWriter.File> zipped = files.stream()
                .map(file -> new ZipWriter.File(file.path(), file.executable(), file.sharedContent()))
                .toList();
        ZipWriter.write(out, Objects.requireNonNull(topDirectory, "topDirectory"), zipped, directories);
    }

    @Override
    public String toString() {
        return archetype + " project, " + files.size() + " files";
    }
}

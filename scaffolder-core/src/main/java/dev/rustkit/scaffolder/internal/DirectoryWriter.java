package dev.rustkit.scaffolder.internal;

import dev.rustkit.scaffolder.GeneratedFile;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a generated tree to disk, all or nothing.
 *
 * <p>A new target is assembled in a hidden sibling directory and renamed into place in one step, so nobody sees a
 * half-written project. An existing empty target (a mount point, say, which cannot be replaced) is filled in place
 * and emptied again on failure. Either way, parent directories this call created are removed again on failure, and
 * a failure names the target (or a path in it), never the hidden sibling.
 * Modes come from the umask, as when Maven writes; executables then get rwxr-xr-x, as the archetypes'
 * post-generate step sets it under Maven.
 */
public final class DirectoryWriter {
    private static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwxr-xr-x");

    /**
     * Throws what {@link #write} would throw before writing anything, for a dry run.
     *
     * @throws FileAlreadyExistsException if {@code target} exists and is not a directory
     * @throws DirectoryNotEmptyException if {@code target} is a directory with anything in it
     * @throws NotDirectoryException naming the nearest existing ancestor of {@code target}, if it is not a directory
     */
    public static void check(Path target) throws IOException {
        Path project = target.toAbsolutePath().normalize();
        if (Files.exists(project, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(project)) {
                throw new FileAlreadyExistsException(project.toString(), null, "exists and is not a directory");
            }
            if (!isEmpty(project)) {
                throw new DirectoryNotEmptyException(project.toString());
            }
        } else {
            TargetPaths.requireDirectoryAncestor(project);
        }
    }

    public static void write(Path target, List<GeneratedFile> files, List<String> directories) throws IOException {
        check(target);
        Path project = target.toAbsolutePath().normalize();
        if (Files.exists(project, LinkOption.NOFOLLOW_LINKS)) {
            try {
                fill(project, files, directories);
            } catch (IOException | RuntimeException | Error e) {
                emptyQuietly(project, e);
                throw e;
            }
            return;
        }
        TargetPaths.createStaged(project, "scaffolder", staging -> {
            Files.createDirectory(staging);
            fill(staging, files, directories);
        });
    }

    private static void fill(Path root, List<GeneratedFile> files, List<String> directories) throws IOException {
        for (String directory : directories) {
            Files.createDirectories(root.resolve(directory));
        }
        for (GeneratedFile file : files) {
            Path path = root.resolve(file.path());
            Files.createDirectories(path.getParent());
            Files.write(path, file.content(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            if (file.executable()) {
                makeExecutable(path);
            }
        }
    }

    /** As the archetypes' post-generate step does under Maven: exactly rwxr-xr-x, whatever the umask. */
    private static void makeExecutable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, EXECUTABLE);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): there is no executable bit to set.
        }
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    /** Deletes what is inside {@code directory}; it was empty before this call. */
    private static void emptyQuietly(Path directory, Throwable failure) {
        try (Stream<Path> entries = Files.list(directory)) {
            entries.forEach(entry -> TargetPaths.deleteQuietly(entry, failure));
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private DirectoryWriter() {}
}

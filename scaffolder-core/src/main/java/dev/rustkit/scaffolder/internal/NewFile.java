package dev.rustkit.scaffolder.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes one new file, all or nothing, as {@link DirectoryWriter} writes a directory: missing parent directories are
 * created; the file is written beside the target under a hidden temporary name and renamed into place, so nobody sees
 * half of it; on failure neither the file nor the parents this call created remain, and the exception names the
 * target, never the temporary name.
 */
public final class NewFile {

    /** What goes into the file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Throws what {@link #write} would throw before writing anything, for a dry run.
     *
     * @throws FileAlreadyExistsException if {@code target} exists
     * @throws NotDirectoryException naming the nearest existing ancestor of {@code target}, if it is not a directory
     */
    public static void check(Path target) throws IOException {
        Path file = target.toAbsolutePath().normalize();
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        TargetPaths.requireDirectoryAncestor(file);
    }

    /** Writes {@code content} to the new file {@code target}; see the class comment. */
    public static void write(Path target, Content content) throws IOException {
        check(target);
        Path file = target.toAbsolutePath().normalize();
        TargetPaths.createStaged(file, "partial", partial -> {
            try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW)) {
                content.writeTo(out);
            }
        });
    }

    private NewFile() {}
}

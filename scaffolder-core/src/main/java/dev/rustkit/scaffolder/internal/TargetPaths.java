package dev.rustkit.scaffolder.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What {@link DirectoryWriter} and {@link NewFile} share: the checks a target passes before anything is written,
 * missing parents created and removed again, temporary siblings, and failures that name the caller's path rather than
 * a temporary one.
 */
final class TargetPaths {
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Refuses a new target whose nearest existing ancestor is not a directory: nothing could be created beneath it.
     *
     * @throws NotDirectoryException naming that ancestor
     */
    static void requireDirectoryAncestor(Path target) throws NotDirectoryException {
        for (Path dir = target.getParent(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isDirectory(dir)) {
                    throw new NotDirectoryException(dir.toString());
                }
                return;
            }
        }
    }

    /** Writes what a staged target holds: a file or a directory tree at {@code staging}. */
    @FunctionalInterface
    interface Stager {
        void stage(Path staging) throws IOException;
    }

    /**
     * Creates {@code target} all or nothing: its missing parents first, then {@code stager} writes it under a hidden
     * sibling name ({@link #temporarySibling}) that is renamed into place. On any failure the staged copy and the
     * parents this call created are gone, and an I/O failure names {@code target}, never the temporary name.
     */
    static void createStaged(Path target, String purpose, Stager stager) throws IOException {
        List<Path> createdParents = createParents(target.getParent());
        Path staging = temporarySibling(target, purpose);
        try {
            stager.stage(staging);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            discard(staging, createdParents, e);
            throw relocated(e, staging, target);
        } catch (RuntimeException | Error e) {
            discard(staging, createdParents, e);
            throw e;
        }
    }

    private static void discard(Path staging, List<Path> createdParents, Throwable failure) {
        deleteQuietly(staging, failure);
        for (Path parent : createdParents) {
            deleteQuietly(parent, failure);
        }
    }

    /** A hidden sibling of {@code target} no one else uses: {@code .<name>.<purpose>-<random hex>}. */
    static Path temporarySibling(Path target, String purpose) {
        return target.resolveSibling("." + target.getFileName() + "." + purpose + "-"
                + HexFormat.of().toHexDigits(RANDOM.nextLong()));
    }

    /** Creates the missing ancestors of {@code directory}; returns those it created, deepest first. */
    static List<Path> createParents(Path directory) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path dir = directory; dir != null && !Files.exists(dir); dir = dir.getParent()) {
            missing.add(dir);
        }
        List<Path> created = new ArrayList<>();
        try {
            for (int i = missing.size() - 1; i >= 0; i--) {
                Files.createDirectory(missing.get(i));
                created.add(0, missing.get(i));
            }
        } catch (IOException | RuntimeException e) {
            for (Path dir : created) {
                deleteQuietly(dir, e);
            }
            throw e;
        }
        return created;
    }

    /** Deletes {@code path} and all beneath it; what cannot be deleted is recorded on {@code failure}. */
    static void deleteQuietly(Path path, Throwable failure) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(path)) {
            for (Path entry : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(entry);
            }
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * {@code failure} as it concerns the caller's {@code target}: paths at or below {@code temporary} become the
     * same paths below {@code target}. A caller never sees a name it did not choose; the original is the cause.
     */
    static IOException relocated(IOException failure, Path temporary, Path target) {
        if (!(failure instanceof FileSystemException system)) {
            return failure;
        }
        String file = relocated(system.getFile(), temporary, target);
        String other = relocated(system.getOtherFile(), temporary, target);
        if (Objects.equals(file, system.getFile()) && Objects.equals(other, system.getOtherFile())) {
            return failure;
        }
        String reason = system.getReason();
        FileSystemException moved;
        if (failure instanceof AccessDeniedException) {
            moved = new AccessDeniedException(file, other, reason);
        } else if (failure instanceof NoSuchFileException) {
            moved = new NoSuchFileException(file, other, reason);
        } else if (failure instanceof FileAlreadyExistsException) {
            moved = new FileAlreadyExistsException(file, other, reason);
        } else if (failure instanceof DirectoryNotEmptyException) {
            moved = new DirectoryNotEmptyException(file);
        } else if (failure instanceof NotDirectoryException) {
            moved = new NotDirectoryException(file);
        } else if (failure.getClass() == FileSystemException.class) {
            moved = new FileSystemException(file, other, reason);
        } else {
            return failure; // a kind this method cannot rebuild: the true one beats a tidy one
        }
        moved.initCause(failure);
        return moved;
    }

    private static String relocated(String file, Path temporary, Path target) {
        if (file == null) {
            return null;
        }
        Path path = Path.of(file);
        return path.startsWith(temporary) ? target.resolve(temporary.relativize(path)).toString() : file;
    }

    private TargetPaths() {}
}

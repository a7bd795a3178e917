package dev.rustkit.scaffolder.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * I/O failures in plain words about the user's own paths: no exception class names, no temporary names. Exit status
 * 2 when the path given cannot be used as a target (it exists, or lies under a file), 1 when the system refuses a
 * usable one (permissions, a read-only or full disk).
 */
final class IoMessages {
    private static final String NOTHING_WRITTEN = " Nothing was written.";

    /** Why {@code failure} happened, for the end of a sentence: "permission denied", "no space left on device". */
    static String reason(IOException failure) {
        if (failure instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (failure instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (failure instanceof NotDirectoryException) {
            return "not a directory";
        }
        String text = failure instanceof FileSystemException system ? system.getReason() : failure.getMessage();
        if (text == null || text.isBlank()) {
            return "input/output error";
        }
        return Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }

    /**
     * Writing the project directory {@code shown} (as the user gave it) failed: what went wrong, what to do.
     */
    static CliFailure directory(String shown, IOException failure) {
        if (failure instanceof DirectoryNotEmptyException) {
            return new CliFailure(ScaffolderCli.INVALID_INPUT,
                    shown + " is not empty; give a new or empty directory." + NOTHING_WRITTEN, failure);
        }
        if (failure instanceof FileAlreadyExistsException) {
            return new CliFailure(ScaffolderCli.INVALID_INPUT,
                    shown + " already exists and is not a directory; give a new or empty directory." + NOTHING_WRITTEN,
                    failure);
        }
        return target(shown, failure);
    }

    /** Writing the zip {@code shown} (as the user gave it) failed: what went wrong, what to do. */
    static CliFailure zip(String shown, IOException failure) {
        if (failure instanceof FileAlreadyExistsException) {
            return new CliFailure(ScaffolderCli.INVALID_INPUT,
                    shown + " already exists; give a new file name." + NOTHING_WRITTEN, failure);
        }
        return target(shown, failure);
    }

    private static CliFailure target(String shown, IOException failure) {
        if (failure instanceof NotDirectoryException notDirectory) {
            return new CliFailure(ScaffolderCli.INVALID_INPUT, "cannot write " + shown + ": "
                    + relativeToWorkingDirectory(notDirectory.getFile(), shown) + " is not a directory;"
                    + " give a path under a directory." + NOTHING_WRITTEN, failure);
        }
        String reason = reason(failure);
        boolean refused = failure instanceof AccessDeniedException || reason.equals("operation not permitted")
                || reason.equals("read-only file system");
        String advice = refused ? "; give a path you may write to" : "";
        return new CliFailure(ScaffolderCli.FAILURE,
                "cannot write " + shown + ": " + reason + advice + "." + NOTHING_WRITTEN, failure);
    }

    /** {@code file} (absolute) as the user would write it: relative when the path they gave was relative. */
    private static String relativeToWorkingDirectory(String file, String shown) {
        if (file == null || Path.of(shown).isAbsolute()) {
            return file;
        }
        Path relative = Path.of("").toAbsolutePath().relativize(Path.of(file));
        return relative.toString().isEmpty() || relative.startsWith("..") ? file : relative.toString();
    }

    private IoMessages() {}
}

package dev.rustkit.scaffolder.cli;

/** A failure the CLI has already put into words: {@code scaffolder: <message>} on stderr, then the exit status. */
final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    CliFailure(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    CliFailure(int status, String message) {
        this(status, message, null);
    }

    int status() {
        return status;
    }
}

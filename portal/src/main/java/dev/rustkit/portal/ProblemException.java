package dev.rustkit.portal;

import dev.rustkit.scaffolder.archetype.Problem;
import java.util.List;

/**
 * A request the portal refuses: answered with its status and an RFC 9457 problem document, never with a stack trace.
 * Thrown by handlers, turned into the response in one place ({@link Portal#handle}).
 */
final class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient List<Problem> problems;

    /** A refusal with a plain reason, e.g. a 405 or 415. */
    ProblemException(int status, String detail) {
        this(status, detail, List.of());
    }

    /** A refusal listing the parameters at fault, each naming the parameter, quoting its value, saying what is allowed. */
    ProblemException(int status, String detail, List<Problem> problems) {
        super(detail, null, false, false);
        this.status = status;
        this.problems = List.copyOf(problems);
    }

    int status() {
        return status;
    }

    List<Problem> problems() {
        return problems;
    }
}

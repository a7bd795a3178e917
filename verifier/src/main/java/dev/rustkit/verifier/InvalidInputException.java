package dev.rustkit.verifier;

/**
 * Input a verify run refuses before it generates anything: an unknown check, a malformed matrix entry, an archetype
 * the jars do not hold. The message names the option and the value and says what is allowed; each front end (the
 * CLI, the Maven goal) reports it its own way.
 */
public final class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }
}

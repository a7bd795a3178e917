package dev.rustkit.scaffolder;

/**
 * An archetype cannot be read or generated: the archetype jar is broken or uses something the engine does not
 * replicate (a partial archetype, modules, a post-generate script other than rustkit's, a template that cannot be
 * rendered, ...). Never caused by the request's values, which
 * {@link dev.rustkit.scaffolder.archetype.InvalidPropertiesException} reports; retrying the same request against the
 * same jar fails the same way. The message names the jar and what in it is at fault.
 */
public final class ArchetypeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An archetype failure without an underlying exception.
     *
     * @param message what is wrong, naming the archetype jar
     */
    public ArchetypeException(String message) {
        super(message);
    }

    /**
     * An archetype failure caused by another exception (a Velocity error, say).
     *
     * @param message what is wrong, naming the archetype jar
     * @param cause the underlying failure
     */
    public ArchetypeException(String message, Throwable cause) {
        super(message, cause);
    }
}

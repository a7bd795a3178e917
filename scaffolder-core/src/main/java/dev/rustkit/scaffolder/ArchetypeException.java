package dev.rustkit.scaffolder;

/**
 * An archetype cannot be read or generated: the archetype jar is broken or uses something the engine does not
 * replicate. Never caused by the request's values, which {@link dev.rustkit.scaffolder.archetype.InvalidPropertiesException}
 * reports.
 */
public final class ArchetypeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ArchetypeException(String message) {
        super(message);
    }

    public ArchetypeException(String message, Throwable cause) {
        super(message, cause);
    }
}

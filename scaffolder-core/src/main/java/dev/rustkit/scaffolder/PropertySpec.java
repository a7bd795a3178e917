package dev.rustkit.scaffolder;

import java.util.List;
import java.util.Objects;

/**
 * One property an archetype takes, for forms and schemas. What is allowed comes from the archetype's own rule table;
 * {@link #pattern} and {@link #choices} are what a form can check early, {@link Scaffolder#generate} checks all.
 * Immutable and safe to share between threads.
 *
 * @param name the property, e.g. {@code port}
 * @param type how a form should treat the value (values are always passed as text)
 * @param defaultValue the value used when none is given, {@code null} if there is none; may hold a Velocity
 *     expression such as {@code ${artifactId}-svc}, expanded at generation
 * @param required whether a value must be given (no default, and not derived from another property)
 * @param choices the allowed values of a {@link Type#CHOICE}, empty otherwise
 * @param pattern a regular expression (Java and ECMAScript alike) every allowed value matches in full, {@code null}
 *     if none is known; necessary, not always sufficient
 * @param description what the property does, one sentence
 * @param allowed what is allowed, phrased to finish "Allowed: ...", {@code null} when anything non-blank is
 */
public record PropertySpec(
        String name,
        Type type,
        String defaultValue,
        boolean required,
        List<String> choices,
        String pattern,
        String description,
        String allowed) {

    /** Kinds of value, for choosing a form control; every value is still passed as text. */
    public enum Type {
        /** Free text, checked by the rule table (and {@link PropertySpec#pattern}, if there is one). */
        STRING,
        /** A whole number written in decimal digits, e.g. a port. */
        INTEGER,
        /** One of {@link PropertySpec#choices}, exactly as written there. */
        CHOICE
    }

    /**
     * Makes a spec, copying {@code choices}.
     *
     * @param name the property
     * @param type how a form should treat the value
     * @param defaultValue the default, or {@code null}
     * @param required whether a value must be given
     * @param choices the allowed values of a {@link Type#CHOICE}, empty otherwise
     * @param pattern a regular expression every allowed value matches, or {@code null}
     * @param description what the property does
     * @param allowed what is allowed, or {@code null}
     * @throws NullPointerException if {@code name}, {@code type}, {@code description} or {@code choices} is null
     */
    public PropertySpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        choices = List.copyOf(choices);
    }
}

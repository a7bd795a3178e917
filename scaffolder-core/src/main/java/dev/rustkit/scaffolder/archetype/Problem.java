package dev.rustkit.scaffolder.archetype;

/**
 * One invalid property value: which property, the value as given ({@code null} when it was missing), and what is
 * allowed instead.
 */
public record Problem(String property, String value, String allowed) {

    /** For example: {@code port: "abc" is not allowed. Allowed: a whole number from 1 to 65535.} */
    public String message() {
        String given = value == null ? "no value was given" : "\"" + value + "\" is not allowed";
        return property + ": " + given + ". Allowed: " + allowed + ".";
    }
}

/**
 * The scaffolder engine's public API: {@link dev.rustkit.scaffolder.Scaffolder} generates rustkit projects from
 * archetype jars, byte for byte what {@code mvn archetype:generate -B} generates, into a
 * {@link dev.rustkit.scaffolder.GeneratedTree} that is written to a directory or a zip only when asked.
 *
 * <p>Bad input raises {@link dev.rustkit.scaffolder.archetype.InvalidPropertiesException} listing every problem; a
 * broken archetype raises {@link dev.rustkit.scaffolder.ArchetypeException}. Every type here but that exception is
 * immutable and safe to share between threads.
 *
 * <p>{@code dev.rustkit.scaffolder.internal} and {@code dev.rustkit.scaffolder.cli} are not API: they are public
 * only so the packages of this jar can reach each other, and change without notice. The jar's automatic module name
 * is {@code dev.rustkit.scaffolder}.
 */
package dev.rustkit.scaffolder;

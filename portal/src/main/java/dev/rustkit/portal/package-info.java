/**
 * rustkit's starter-kit portal: the HTTP API, text help and web page over scaffolder-core's public API
 * ({@code dev.rustkit.scaffolder}, and its problems in {@code dev.rustkit.scaffolder.archetype}); never its
 * {@code internal} or {@code cli} packages ({@code ArchitectureTest} checks). Entry point: {@link
 * dev.rustkit.portal.Main}; the container health check: {@link dev.rustkit.portal.HealthProbe}.
 */
package dev.rustkit.portal;

package dev.rustkit.scaffolder.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.util.Properties;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.exception.ResourceNotFoundException;
import org.apache.velocity.runtime.resource.Resource;
import org.apache.velocity.runtime.resource.loader.ResourceLoader;
import org.apache.velocity.util.ExtProperties;

/**
 * Velocity 2.4.1 configured exactly as maven-archetype-plugin 3.4.1 configures it: plexus-velocity 2.2.1's
 * {@code DefaultVelocityComponent} first, then archetype-common's {@code VelocityConfigurator}, the same keys with
 * the same (String or Boolean) values in the same order. The one difference is where templates come from: Maven
 * loads them through the archetype jar's class loader (and a file loader rooted at ""), the engine from the jar's
 * bytes in memory, by the same names ({@code #parse("/x")} is entry {@code x} of the jar).
 */
final class MavenVelocity {

    /**
     * An engine for {@code jar}'s templates. Maven runs one generation per engine; an engine serving many
     * generations gives the same output as long as no template defines a macro (inline macros become global to the
     * engine) and every template is read with one encoding (the template cache keys on the name alone), so only
     * then may it keep parsed templates ({@code cache}), which makes a warm generation several times faster.
     */
    static VelocityEngine forTemplates(ArchetypeJar jar, boolean cache) {
        Properties properties = new Properties();
        // plexus-velocity 2.2.1 DefaultVelocityComponent (Maven: "classpath,file" loaders; see the class comment).
        properties.setProperty("resource.loaders", "archetype");
        properties.put("resource.loader.archetype.instance", new JarLoader(jar));
        properties.setProperty("resource.loader.archetype.cache", String.valueOf(cache));
        properties.setProperty("resource.loader.archetype.modification_check_interval", "-1");
        properties.setProperty("runtime.log.log_invalid_references", "false");
        properties.setProperty("resource.manager.log_when_found", "false");
        properties.setProperty("event_handler.include.class", "org.apache.velocity.app.event.implement.IncludeRelativePath");
        properties.setProperty("velocimacro.inline.replace_global", "true");
        properties.setProperty("parser.space_gobbling", "bc");
        // archetype-common 3.4.1 VelocityConfigurator.configure(Properties).
        properties.put("introspector.conversion_handler.class", "none");
        properties.put("parser.space_gobbling", "bc");
        properties.put("directive.if.empty_check", Boolean.FALSE);
        properties.put("parser.allow_hyphen_in_identifiers", Boolean.TRUE);
        properties.put("velocimacro.enable_bc_mode", Boolean.TRUE);
        properties.put("event_handler.invalid_references.quiet", "true");
        properties.put("event_handler.invalid_references.null", Boolean.TRUE);
        properties.put("event_handler.invalid_references.tested", Boolean.TRUE);
        VelocityEngine engine = new VelocityEngine();
        engine.setProperties(properties);
        engine.init();
        return engine;
    }

    /**
     * Velocity with its defaults, as the plugin's configurator uses it ({@code Velocity.evaluate}, the singleton) to
     * expand {@code ${...}} in default values. Evaluating a string keeps no state, so one engine serves all threads.
     */
    static VelocityEngine forDefaults() {
        return DefaultsHolder.ENGINE;
    }

    private static final class DefaultsHolder {
        static final VelocityEngine ENGINE = init();

        private static VelocityEngine init() {
            VelocityEngine engine = new VelocityEngine();
            engine.init();
            return engine;
        }
    }

    /** Serves jar entries by name; a leading '/' is dropped, as Velocity's class path loader drops it. */
    static final class JarLoader extends ResourceLoader {
        private final ArchetypeJar jar;

        JarLoader(ArchetypeJar jar) {
            this.jar = jar;
        }

        @Override
        public void init(ExtProperties configuration) {
            // Everything it needs came with the constructor.
        }

        @Override
        public Reader getResourceReader(String name, String encoding) {
            String entry = name == null ? "" : name;
            while (entry.startsWith("/")) {
                entry = entry.substring(1);
            }
            byte[] bytes = jar.entry(entry).orElseThrow(
                    () -> new ResourceNotFoundException("JarLoader: " + jar.source() + " has no resource '" + name + "'"));
            try {
                return buildReader(new ByteArrayInputStream(bytes), encoding);
            } catch (IOException e) {
                throw new ResourceNotFoundException("JarLoader: cannot decode '" + name + "' as " + encoding, e);
            }
        }

        @Override
        public boolean isSourceModified(Resource resource) {
            return false;
        }

        @Override
        public long getLastModified(Resource resource) {
            return 0;
        }
    }

    private MavenVelocity() {}
}

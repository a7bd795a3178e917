package dev.rustkit.scaffolder;

import dev.rustkit.scaffolder.archetype.InvalidPropertiesException;
import dev.rustkit.scaffolder.internal.ArchetypeJar;
import dev.rustkit.scaffolder.internal.LoadedArchetype;
import dev.rustkit.scaffolder.internal.Problems;
import dev.rustkit.scaffolder.internal.Schemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The engine: generates rustkit projects from the archetype jars themselves, byte for byte what
 * {@code mvn archetype:generate -B} generates from them, without Maven.
 *
 * <pre>{@code
 * Scaffolder scaffolder = Scaffolder.fromJars(List.of(Path.of("actix-scratch-archetype-0.1.0.jar")));
 * GeneratedTree project = scaffolder.generate(GenerationRequest.of("actix-scratch")
 *         .with("groupId", "com.example")
 *         .with("artifactId", "orders"));
 * project.writeTo(Path.of("orders"));
 * }</pre>
 *
 * <p>Each jar is read once, whole, when the engine is built. An instance is immutable and thread-safe: one engine
 * serves any number of concurrent {@link #generate} calls.
 */
public final class Scaffolder {
    private static final String DESCRIPTOR = "META-INF/maven/archetype-metadata.xml";

    private final Map<String, LoadedArchetype> archetypes;
    private final List<ArchetypeSpec> catalog;

    private Scaffolder(List<ArchetypeJar> jars) {
        Map<String, LoadedArchetype> byId = new TreeMap<>();
        for (ArchetypeJar jar : jars) {
            LoadedArchetype archetype = LoadedArchetype.of(jar);
            LoadedArchetype clash = byId.put(archetype.id(), archetype);
            if (clash != null) {
                throw new ArchetypeException("Archetype " + archetype.id() + " is installed twice: " + clash.source()
                        + " and " + archetype.source());
            }
        }
        this.archetypes = Collections.unmodifiableMap(byId);
        this.catalog = byId.values().stream()
                .map(archetype -> new ArchetypeSpec(archetype.id(), archetype.description(), archetype.properties()))
                .toList();
    }

    /**
     * The archetype jars on the class path of the current thread's context class loader (or of this class's loader,
     * if the thread has none); see {@link #fromClasspath(ClassLoader)}.
     *
     * @return an engine over those archetypes; with none, an engine with an empty catalog
     * @throws ArchetypeException if an archetype there is broken or cannot be replicated, or two have one id
     * @throws UncheckedIOException if a jar cannot be read
     */
    public static Scaffolder fromClasspath() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return fromClasspath(loader != null ? loader : Scaffolder.class.getClassLoader());
    }

    /**
     * The archetype jars {@code loader} sees: every jar holding {@code META-INF/maven/archetype-metadata.xml}.
     *
     * @param loader the class loader to ask for archetype descriptors
     * @return an engine over those archetypes; with none, an engine with an empty catalog
     * @throws ArchetypeException if an archetype there is broken, cannot be replicated or is not inside a jar (an
     *     exploded directory), or if two have one id
     * @throws UncheckedIOException if a jar cannot be read
     */
    public static Scaffolder fromClasspath(ClassLoader loader) {
        List<ArchetypeJar> jars = new ArrayList<>();
        try {
            for (URL url : Collections.list(loader.getResources(DESCRIPTOR))) {
                if (!url.getProtocol().equals("jar")) {
                    throw new ArchetypeException(url + " is not inside a jar: archetypes are read from their jars"
                            + " (package the archetype first)");
                }
                jars.add(ArchetypeJar.read(Path.of(((JarURLConnection) url.openConnection()).getJarFileURL().toURI())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the archetypes on the class path", e);
        } catch (URISyntaxException e) {
            throw new ArchetypeException("Cannot locate an archetype jar: " + e.getMessage(), e);
        }
        return new Scaffolder(jars);
    }

    /**
     * The given archetype jars. A directory stands for the jars directly inside it, of which those that are not
     * archetypes are skipped; a jar named explicitly must be an archetype.
     *
     * @param jarsOrDirectories archetype jars, and directories of jars
     * @return an engine over those archetypes
     * @throws ArchetypeException if a jar is not an archetype, is broken or cannot be replicated, or if two
     *     archetypes have one id
     * @throws UncheckedIOException if a path does not exist, cannot be read or is not a zip (the message names it,
     *     the cause says why)
     */
    public static Scaffolder fromJars(Collection<Path> jarsOrDirectories) {
        List<ArchetypeJar> jars = new ArrayList<>();
        for (Path path : jarsOrDirectories) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> entries = Files.list(path)) {
                    for (Path jar : entries.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                        if (ArchetypeJar.isArchetype(jar)) {
                            jars.add(ArchetypeJar.read(jar));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot list " + path, e);
                }
            } else {
                jars.add(ArchetypeJar.read(path));
            }
        }
        return new Scaffolder(jars);
    }

    /**
     * Every archetype.
     *
     * @return the catalog, sorted by id; unmodifiable, the same list on every call
     */
    public List<ArchetypeSpec> archetypes() {
        return catalog;
    }

    /**
     * One archetype, by id.
     *
     * @param id the archetype id, e.g. {@code actix-scratch}
     * @return its spec, or empty if no archetype of that id is installed
     */
    public Optional<ArchetypeSpec> archetype(String id) {
        return catalog.stream().filter(archetype -> archetype.id().equals(id)).findFirst();
    }

    /**
     * The whole catalog as the compact metadata JSON of {@link ArchetypeSpec#toMetadataJson}.
     *
     * @return {@code {"archetypes": [...]}}, one object per archetype, sorted by id
     */
    public String catalogJson() {
        return Schemas.catalogJson(catalog);
    }

    /**
     * Generates a project in memory. Every problem with the request is reported at once, each naming the property,
     * quoting the value and saying what is allowed: an unknown archetype, unknown or missing properties, and values
     * the archetype's own rule table refuses (the table {@code mvn archetype:generate} applies to that jar), and
     * values Velocity cannot evaluate (a stray <code>${</code>). Safe to call from many threads at once; nothing is
     * written anywhere.
     *
     * @param request the archetype and the property values
     * @return the project, in memory
     * @throws InvalidPropertiesException if the request has any problem; nothing was generated
     * @throws ArchetypeException if the archetype itself cannot be generated
     */
    public GeneratedTree generate(GenerationRequest request) {
        LoadedArchetype archetype = archetypes.get(request.archetype());
        if (archetype == null) {
            throw new InvalidPropertiesException(List.of(Problems.unknownArchetype(request.archetype(), archetypes.keySet())));
        }
        LoadedArchetype.Output output = archetype.generate(request.properties());
        List<GeneratedFile> files = new ArrayList<>();
        output.files().forEach((path, content) ->
                files.add(new GeneratedFile(path, output.executables().contains(path) ? 0755 : 0644, content)));
        return new GeneratedTree(archetype.id(), output.properties(), files, new ArrayList<>(output.directories()));
    }
}

package dev.rustkit.scaffolder.internal;

import dev.rustkit.scaffolder.ArchetypeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * An archetype jar read whole into memory: generation never touches the file again, so the jar may be replaced on
 * disk while an engine serves requests, and concurrent generations share nothing mutable.
 */
public final class ArchetypeJar {
    static final String RESOURCES = "archetype-resources";
    static final String DESCRIPTOR = "META-INF/maven/archetype-metadata.xml";
    static final String POST_GENERATE = "META-INF/archetype-post-generate.groovy";
    private static final String SUFFIX = "-archetype";
    private static final Pattern POM = Pattern.compile("META-INF/maven/([^/]+)/([^/]+)/pom\\.xml");

    private final String source;
    private final String groupId;
    private final String artifactId;
    private final String version;
    private final String description;
    private final Map<String, byte[]> entries;
    private final List<String> resources;
    /** Which resources each fileSet includes: a fact of the jar alone, so matched once, not on every generation. */
    private final Map<Descriptor.FileSet, List<String>> resourcesByFileSet = new ConcurrentHashMap<>();
    private final Descriptor descriptor;

    private ArchetypeJar(String source, Map<String, byte[]> entries, List<String> entryOrder) {
        this.source = source;
        this.entries = entries;
        // The order the plugin lists them in (the zip's central directory): templates are rendered in this order
        // with one shared Velocity context, so a #set in one template is visible in the later ones, as in Maven.
        List<String> resources = new ArrayList<>();
        for (String name : entryOrder) {
            if (name.startsWith(RESOURCES) && name.length() > RESOURCES.length() + 1) {
                resources.add(name.substring(RESOURCES.length() + 1));
            }
        }
        this.resources = List.copyOf(resources);
        byte[] xml = entries.get(DESCRIPTOR);
        if (xml == null) {
            throw new ArchetypeException(source + " is not an archetype: it has no " + DESCRIPTOR);
        }
        this.descriptor = Descriptor.parse(source, xml);
        if (!entries.containsKey(RESOURCES + "/pom.xml")) {
            // maven-archetype-plugin fails without it ("Unable to find resource 'archetype-resources/pom.xml'").
            throw new ArchetypeException(source + " has no " + RESOURCES + "/pom.xml, which mvn archetype:generate requires");
        }
        String[] coordinates = coordinates(source, entries);
        this.groupId = coordinates[0];
        this.artifactId = coordinates[1];
        this.version = coordinates[2];
        this.description = coordinates[3];
    }

    /** Reads an archetype jar. */
    public static ArchetypeJar read(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Map<String, byte[]> entries = new HashMap<>();
            List<String> order = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                order.add(entry.getName());
                if (!entry.isDirectory()) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        entries.put(entry.getName(), in.readAllBytes());
                    }
                }
            }
            return new ArchetypeJar(jar.toString(), Collections.unmodifiableMap(entries), order);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read archetype jar " + jar, e);
        }
    }

    /** Whether {@code jar} holds an archetype descriptor. */
    public static boolean isArchetype(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry(DESCRIPTOR) != null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + jar, e);
        }
    }

    /** Where it was read from, for messages. */
    public String source() {
        return source;
    }

    /** The archetype's id: its artifactId without {@code -archetype}. */
    public String id() {
        return artifactId.endsWith(SUFFIX) ? artifactId.substring(0, artifactId.length() - SUFFIX.length()) : artifactId;
    }

    public String groupId() {
        return groupId;
    }

    public String artifactId() {
        return artifactId;
    }

    public String version() {
        return version;
    }

    /** The {@code <description>} of the archetype's own pom. */
    public String description() {
        return description;
    }

    Descriptor descriptor() {
        return descriptor;
    }

    /** Every entry below {@code archetype-resources/}, relative to it, in jar order; directories end in '/'. */
    List<String> resources() {
        return resources;
    }

    /** The resources {@code fileSet} includes (its includes less its excludes), in {@link #resources()} order. */
    List<String> resources(Descriptor.FileSet fileSet) {
        return resourcesByFileSet.computeIfAbsent(fileSet, set -> resources.stream().filter(set::includes).toList());
    }

    /** The bytes of a file entry, by its full name in the jar. */
    Optional<byte[]> entry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    Optional<String> text(String name) {
        return entry(name).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /** The text of every entry a template could #parse or render: everything but class files. */
    Stream<String> templateTexts() {
        return entries.entrySet().stream()
                .filter(entry -> !entry.getKey().endsWith(".class"))
                .map(entry -> new String(entry.getValue(), StandardCharsets.ISO_8859_1));
    }

    /** Class files of one package, by binary class name, for loading the archetype's own rule table. */
    Map<String, byte[]> classes(String packageName) {
        String prefix = packageName.replace('.', '/') + "/";
        Map<String, byte[]> classes = new HashMap<>();
        entries.forEach((name, bytes) -> {
            if (name.startsWith(prefix) && name.endsWith(".class") && name.indexOf('/', prefix.length()) < 0) {
                classes.put(name.substring(0, name.length() - ".class".length()).replace('/', '.'), bytes);
            }
        });
        return classes;
    }

    private static String[] coordinates(String source, Map<String, byte[]> entries) {
        List<String> poms = entries.keySet().stream().filter(name -> POM.matcher(name).matches()).sorted().toList();
        if (poms.size() != 1) {
            throw new ArchetypeException(source + " must hold exactly one META-INF/maven/<groupId>/<artifactId>/pom.xml,"
                    + " found " + poms.size());
        }
        Matcher matcher = POM.matcher(poms.get(0));
        matcher.matches();
        Map<String, String> pom = PomFields.read(source, entries.get(poms.get(0)));
        String version = pom.getOrDefault("version", pom.get("parent.version"));
        return new String[] {matcher.group(1), matcher.group(2), version, pom.getOrDefault("description", "")};
    }
}

package dev.rustkit.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** An archetype jar as the build produced it: its descriptor, its templates and its fragments. */
record ArchetypeJar(
        Path path,
        Map<String, String> requiredProperties,
        List<FileSet> fileSets,
        Map<String, String> resources,
        Map<String, String> fragments) {

    static final String RESOURCES = "archetype-resources/";
    static final String FRAGMENTS = "META-INF/rustkit/fragments/";

    /** One {@code <fileSet>}: a directory, whether Velocity filters it, and the files it includes. */
    record FileSet(String directory, boolean filtered, List<String> includes, List<String> excludes) {
        List<String> paths() {
            return includes.stream().map(include -> directory.isEmpty() ? include : directory + "/" + include).toList();
        }
    }

    /** The jar of {@code archetype} on this test's class path (the it module depends on every archetype). */
    static ArchetypeJar of(Archetype archetype) {
        String wanted = archetype.artifactId();
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .filter(entry -> entry.getFileName().toString().startsWith(wanted)
                        || entry.toString().contains("/archetypes/" + archetype.id() + "/target/"))
                .findFirst()
                .map(ArchetypeJar::read)
                .orElseThrow(() -> new IllegalStateException(wanted + " is not on the test class path"));
    }

    static ArchetypeJar read(Path path) {
        try (JarFile jar = new JarFile(path.toFile())) {
            Map<String, String> resources = new TreeMap<>();
            Map<String, String> fragments = new TreeMap<>();
            Document descriptor = null;
            for (JarEntry entry : jar.stream().toList()) {
                if (entry.isDirectory()) {
                    continue;
                }
                String name = entry.getName();
                if (name.startsWith(RESOURCES)) {
                    resources.put(name.substring(RESOURCES.length()), text(jar, entry));
                } else if (name.startsWith(FRAGMENTS)) {
                    fragments.put(name.substring(FRAGMENTS.length()), text(jar, entry));
                } else if (name.equals("META-INF/maven/archetype-metadata.xml")) {
                    descriptor = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                            .parse(jar.getInputStream(entry));
                }
            }
            if (descriptor == null) {
                throw new IllegalStateException(path + " has no META-INF/maven/archetype-metadata.xml");
            }
            return new ArchetypeJar(path, requiredProperties(descriptor), fileSets(descriptor), resources, fragments);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read " + path, e);
        }
    }

    private static String text(JarFile jar, JarEntry entry) throws IOException {
        try (var in = jar.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> requiredProperties(Document descriptor) {
        Map<String, String> properties = new LinkedHashMap<>();
        NodeList nodes = descriptor.getElementsByTagName("requiredProperty");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element property = (Element) nodes.item(i);
            properties.put(property.getAttribute("key"), childText(property, "defaultValue"));
        }
        return properties;
    }

    private static List<FileSet> fileSets(Document descriptor) {
        List<FileSet> fileSets = new ArrayList<>();
        NodeList nodes = descriptor.getElementsByTagName("fileSet");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element fileSet = (Element) nodes.item(i);
            fileSets.add(new FileSet(
                    childText(fileSet, "directory") == null ? "" : childText(fileSet, "directory"),
                    Boolean.parseBoolean(fileSet.getAttribute("filtered")),
                    childTexts(fileSet, "include"),
                    childTexts(fileSet, "exclude")));
        }
        return fileSets;
    }

    private static String childText(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }

    private static List<String> childTexts(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent().trim());
        }
        return texts;
    }
}

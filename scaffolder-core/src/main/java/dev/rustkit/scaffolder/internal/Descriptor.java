package dev.rustkit.scaffolder.internal;

import dev.rustkit.scaffolder.ArchetypeException;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What {@code META-INF/maven/archetype-metadata.xml} says, read the way the archetype plugin's descriptor reader
 * reads it (text trimmed, {@code filtered}/{@code packaged} default false). Partial archetypes and modules are
 * refused: rustkit archetypes are complete single-module projects, and generating the others is not replicated.
 */
record Descriptor(String name, List<RequiredProperty> requiredProperties, List<FileSet> fileSets) {

    record RequiredProperty(String key, String defaultValue) {}

    record FileSet(
            String directory,
            List<String> includes,
            List<String> excludes,
            boolean filtered,
            boolean packaged,
            String encoding,
            String includeCondition) {

        boolean includes(String resource) {
            List<String> patterns = includes.isEmpty() ? List.of("**") : includes;
            return patterns.stream().anyMatch(p -> AntPattern.of(directory, p).matches(resource))
                    && excludes.stream().noneMatch(p -> AntPattern.of(directory, p).matches(resource));
        }
    }

    static Descriptor parse(String source, byte[] xml) {
        Element root = SafeXml.parse(source, xml, "META-INF/maven/archetype-metadata.xml");
        if (Boolean.parseBoolean(root.getAttribute("partial").trim())) {
            throw new ArchetypeException(source + " is a partial archetype; scaffolder-core generates complete ones only");
        }
        if (!children(child(root, "modules"), "module").isEmpty()) {
            throw new ArchetypeException(source + " has modules; scaffolder-core generates single-module archetypes only");
        }
        List<RequiredProperty> properties = new ArrayList<>();
        for (Element property : children(child(root, "requiredProperties"), "requiredProperty")) {
            properties.add(new RequiredProperty(property.getAttribute("key").trim(), text(child(property, "defaultValue"))));
        }
        List<FileSet> fileSets = new ArrayList<>();
        for (Element fileSet : children(child(root, "fileSets"), "fileSet")) {
            String directory = text(child(fileSet, "directory"));
            fileSets.add(new FileSet(
                    directory == null ? "" : directory,
                    texts(child(fileSet, "includes"), "include"),
                    texts(child(fileSet, "excludes"), "exclude"),
                    Boolean.parseBoolean(fileSet.getAttribute("filtered").trim()),
                    Boolean.parseBoolean(fileSet.getAttribute("packaged").trim()),
                    fileSet.getAttribute("encoding").trim(),
                    fileSet.getAttribute("includeCondition").trim()));
        }
        for (FileSet fileSet : fileSets) {
            for (String pattern : concat(fileSet.includes(), fileSet.excludes())) {
                if (pattern.startsWith("%regex[") || pattern.startsWith("%ant[")) {
                    throw new ArchetypeException(source + ": fileSet pattern " + pattern + " is not supported;"
                            + " use plain Ant patterns");
                }
            }
        }
        return new Descriptor(root.getAttribute("name"), List.copyOf(properties), List.copyOf(fileSets));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Element child(Element parent, String name) {
        if (parent == null) {
            return null;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && localName(element).equals(name)) {
                return element;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent != null) {
            for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element element && localName(element).equals(name)) {
                    found.add(element);
                }
            }
        }
        return found;
    }

    private static String localName(Element element) {
        String name = element.getTagName();
        return name.substring(name.indexOf(':') + 1);
    }

    private static String text(Element element) {
        return element == null ? null : element.getTextContent().trim();
    }

    private static List<String> texts(Element parent, String name) {
        return children(parent, name).stream().map(Descriptor::text).toList();
    }
}

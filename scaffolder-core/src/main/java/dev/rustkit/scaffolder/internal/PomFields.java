package dev.rustkit.scaffolder.internal;

import java.util.HashMap;
import java.util.Map;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The few fields of an archetype's own pom the catalog shows: version and description. */
final class PomFields {

    /** Top-level {@code version} and {@code description}, and {@code parent.version}; whitespace collapsed. */
    static Map<String, String> read(String source, byte[] pom) {
        Element project = SafeXml.parse(source, pom, "its pom.xml");
        Map<String, String> fields = new HashMap<>();
        for (Node node = project.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (!(node instanceof Element element)) {
                continue;
            }
            String name = element.getTagName();
            if (name.equals("version") || name.equals("description")) {
                fields.put(name, collapse(element.getTextContent()));
            } else if (name.equals("parent")) {
                for (Node p = element.getFirstChild(); p != null; p = p.getNextSibling()) {
                    if (p instanceof Element parentField && parentField.getTagName().equals("version")) {
                        fields.put("parent.version", collapse(parentField.getTextContent()));
                    }
                }
            }
        }
        return fields;
    }

    private static String collapse(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }

    private PomFields() {}
}

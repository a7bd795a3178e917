package dev.rustkit.scaffolder.internal;

import dev.rustkit.scaffolder.ArchetypeException;
import java.io.ByteArrayInputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;

/** Parses the small XML files of an archetype jar, with DTDs and external entities refused. */
final class SafeXml {

    static Element parse(String source, byte[] xml, String what) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml)).getDocumentElement();
        } catch (Exception e) {
            throw new ArchetypeException(source + ": cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    private SafeXml() {}
}

package dev.rustkit.portal;

import dev.rustkit.scaffolder.ArchetypeSpec;
import dev.rustkit.scaffolder.PropertySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The web page and its assets, read from the jar once. The page's script builds the form from {@code /metadata};
 * for a browser without JavaScript the page carries, inside {@code <noscript>}, one plain form per archetype,
 * rendered here from the same catalog, that POSTs to {@code /starter.zip}.
 */
final class Page {
    private static final String NOSCRIPT_MARKER = "<!-- noscript-forms -->";
    private static final Map<String, String> ASSETS = Map.of(
            "app.js", "text/javascript; charset=utf-8",
            "app.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private final Representation index;
    private final Map<String, Representation> assets = new LinkedHashMap<>();

    Page(List<ArchetypeSpec> archetypes) {
        String html = new String(read("index.html"), StandardCharsets.UTF_8);
        if (!html.contains(NOSCRIPT_MARKER)) {
            throw new IllegalStateException("static/index.html lacks " + NOSCRIPT_MARKER);
        }
        this.index = Representation.of(html.replace(NOSCRIPT_MARKER, noscriptForms(archetypes)),
                "text/html; charset=utf-8");
        ASSETS.forEach((name, type) -> assets.put(name, Representation.of(read(name), type)));
    }

    Representation index() {
        return index;
    }

    /** An asset by its name under {@code /assets/}. */
    Optional<Representation> asset(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    private static String noscriptForms(List<ArchetypeSpec> archetypes) {
        StringBuilder html = new StringBuilder("<noscript>\n");
        for (ArchetypeSpec archetype : archetypes) {
            String id = escape(archetype.id());
            html.append("<form class=\"plain\" method=\"post\" action=\"/starter.zip\">\n")
                    .append("<h2>").append(id).append("</h2>\n<p>").append(escape(archetype.description())).append("</p>\n")
                    .append("<input type=\"hidden\" name=\"archetype\" value=\"").append(id).append("\">\n");
            for (PropertySpec property : archetype.properties()) {
                String field = "plain-" + id + "-" + escape(property.name());
                html.append("<p><label for=\"").append(field).append("\">").append(escape(property.name()))
                        .append(property.required() ? " (required)" : "").append("</label>\n");
                if (!property.choices().isEmpty()) {
                    html.append("<select id=\"").append(field).append("\" name=\"").append(escape(property.name()))
                            .append("\">");
                    for (String choice : property.choices()) {
                        html.append("<option").append(choice.equals(property.defaultValue()) ? " selected" : "")
                                .append('>').append(escape(choice)).append("</option>");
                    }
                    html.append("</select>");
                } else {
                    String value = property.defaultValue() == null || property.defaultValue().contains("${") ? ""
                            : property.defaultValue();
                    html.append("<input id=\"").append(field).append("\" name=\"").append(escape(property.name()))
                            .append("\" value=\"").append(escape(value)).append('"')
                            .append(property.required() ? " required" : "").append('>');
                }
                html.append("\n<small>").append(escape(property.description()));
                if (property.allowed() != null) {
                    html.append(" Allowed: ").append(escape(property.allowed())).append('.');
                }
                html.append("</small></p>\n");
            }
            html.append("<p><button type=\"submit\">Generate ").append(id).append("</button></p>\n</form>\n");
        }
        return html.append("</noscript>").toString();
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static byte[] read(String name) {
        try (InputStream in = Page.class.getResourceAsStream("/static/" + name)) {
            if (in == null) {
                throw new IllegalStateException("static/" + name + " is missing from the portal's jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

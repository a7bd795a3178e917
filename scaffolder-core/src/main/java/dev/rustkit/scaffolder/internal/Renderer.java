package dev.rustkit.scaffolder.internal;

import dev.rustkit.scaffolder.ArchetypeException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.context.Context;
import org.apache.velocity.exception.VelocityException;

/**
 * One generation, step for step as archetype-common 3.4.1's {@code DefaultFilesetArchetypeGenerator} performs it for
 * a complete single-module archetype, but into memory: the Velocity context, pom.xml first, then every fileSet in
 * descriptor order and its templates in jar order, one context shared by all of them, line separators unified,
 * output names built the same way, a file that already exists kept.
 */
final class Renderer {
    /** Tokens in file names: {@code __property__}. */
    private static final Pattern TOKEN = Pattern.compile("__((?:[^_]+_)*[^_]+)__");

    /** The project as Maven would leave it before the post-generate step: files and every directory created. */
    record Rendered(SortedMap<String, byte[]> files, SortedSet<String> directories) {}

    /**
     * A property value holding <code>${</code> that Velocity cannot evaluate, as Maven evaluates every such value before
     * it renders anything. Whose fault that is (a value given, or the archetype's default) the caller decides.
     */
    static final class UnusableValue extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String property;
        private final String value;

        UnusableValue(String property, String value, ArchetypeException cause) {
            super(cause.getMessage(), cause);
            this.property = property;
            this.value = value;
        }

        String property() {
            return property;
        }

        String value() {
            return value;
        }

        @Override
        public synchronized ArchetypeException getCause() {
            return (ArchetypeException) super.getCause();
        }
    }

    /**
     * Whether {@code value}, which holds <code>${</code>, parses and evaluates as Maven evaluates property values, here
     * against an empty context: what a value may fail on without knowing the others, a <code>${</code> left open, say.
     */
    static boolean evaluates(VelocityEngine velocity, String property, String value) {
        try {
            velocity.evaluate(new VelocityContext(), Writer.nullWriter(), property, value);
            return true;
        } catch (VelocityException e) {
            return false;
        }
    }

    private final ArchetypeJar jar;
    private final VelocityEngine velocity;
    private final Context context = new VelocityContext();
    private final SortedMap<String, byte[]> files = new TreeMap<>();
    private final SortedSet<String> directories = new TreeSet<>();

    private Renderer(ArchetypeJar jar, VelocityEngine velocity) {
        this.jar = jar;
        this.velocity = velocity;
    }

    /**
     * Renders {@code jar} with the configured {@code properties}, iterated in their own order as Maven iterates the
     * request's {@link Properties}; {@code standard} holds groupId, artifactId, version and package.
     */
    static Rendered render(ArchetypeJar jar, VelocityEngine velocity, Properties properties, Map<String, String> standard) {
        Renderer renderer = new Renderer(jar, velocity);
        renderer.prepareContext(properties, standard);
        renderer.pom();
        for (Descriptor.FileSet fileSet : jar.descriptor().fileSets()) {
            renderer.fileSet(fileSet, standard.get("package"));
        }
        return new Rendered(renderer.files, renderer.directories);
    }

    private void prepareContext(Properties properties, Map<String, String> standard) {
        context.put("groupId", standard.get("groupId"));
        context.put("artifactId", standard.get("artifactId"));
        context.put("version", standard.get("version"));
        context.put("package", standard.get("package"));
        context.put("packageInPathFormat", replace(standard.get("package"), ".", "/"));
        for (Object key : properties.keySet()) {
            String name = (String) key;
            String value = properties.getProperty(name);
            if (value != null && value.contains("${")) {
                try {
                    value = evaluate(name, value);
                } catch (ArchetypeException e) {
                    throw new UnusableValue(name, value, e);
                }
            }
            context.put(name, value);
        }
        context.put("rootArtifactId", standard.get("artifactId"));
    }

    private void pom() {
        // Maven renders pom.xml first, with UTF-8, before any fileSet; its #set lines reach the templates after it.
        write("pom.xml", merge(ArchetypeJar.RESOURCES + "/pom.xml", "UTF-8"));
    }

    private void fileSet(Descriptor.FileSet fileSet, String packageName) {
        if (!fileSet.includeCondition().isEmpty()
                && !Boolean.parseBoolean(evaluate("includeCondition", fileSet.includeCondition()))) {
            return;
        }
        String directory = fileSet.directory();
        directory(outputPath("", directory, fileSet.packaged(), packageName));
        String encoding = fileSet.encoding().isEmpty() ? "UTF-8" : fileSet.encoding();
        for (String template : jar.resources(fileSet)) {
            String output = outputPath(template, directory, fileSet.packaged(), packageName);
            if (exists(output)) {
                continue; // Maven: "Don't override file", the first writer wins.
            }
            if (template.endsWith("/")) {
                if (!fileSet.filtered()) {
                    // Maven would write an empty file in the directory's place and then fail on what is inside.
                    throw new ArchetypeException(jar.source() + ": unfiltered fileSet '" + directory + "' matches the"
                            + " directory entry " + template + ", which mvn archetype:generate cannot copy");
                }
                directory(output);
            } else if (fileSet.filtered()) {
                write(output, merge(ArchetypeJar.RESOURCES + "/" + template, encoding));
            } else {
                write(output, jar.entry(ArchetypeJar.RESOURCES + "/" + template).orElseThrow());
            }
        }
    }

    private byte[] merge(String template, String encoding) {
        // Sized for the template's own text, which most of the output is: no growing and copying on the way.
        StringWriter out = new StringWriter(jar.entry(template).map(bytes -> bytes.length + 1024).orElse(1024));
        try {
            velocity.mergeTemplate(template, encoding, context, out);
        } catch (VelocityException e) {
            throw new ArchetypeException(jar.source() + ": template " + template + " cannot be rendered: "
                    + e.getMessage(), e);
        }
        return unifyLineSeparators(out.toString()).getBytes(Charset.forName(encoding));
    }

    private String evaluate(String tag, String expression) {
        StringWriter out = new StringWriter();
        try {
            velocity.evaluate(context, out, tag, expression);
        } catch (VelocityException e) {
            throw new ArchetypeException(jar.source() + ": cannot evaluate " + tag + " '" + expression + "': "
                    + e.getMessage(), e);
        }
        return out.toString();
    }

    /**
     * Maven's output name: directory, package path (packaged fileSets), the template's name minus the directory, then
     * {@code __property__} tokens replaced; '/' runs collapsed as {@code java.io.File} collapses them.
     */
    private String outputPath(String template, String directory, boolean packaged, String packageName) {
        String name = directory + "/" + (packaged ? replace(packageName, ".", "/") : "") + "/"
                + replaceOnce(template, directory, "");
        String[] segments = Arrays.stream(replaceTokens(name).split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
        for (String segment : segments) {
            if (segment.equals(".") || segment.equals("..")) {
                // The property checks refuse values that get here; this guards the project directory regardless.
                throw new ArchetypeException(jar.source() + ": " + template + " would be written outside the project as "
                        + String.join("/", segments));
            }
        }
        return String.join("/", segments);
    }

    private String replaceTokens(String path) {
        StringBuilder result = new StringBuilder();
        Matcher matcher = TOKEN.matcher(path);
        while (matcher.find()) {
            Object value = context.get(matcher.group(1));
            if (value instanceof String text && !text.trim().isEmpty()) {
                // As Maven calls it, so '$' and '\' in a value act as they do there.
                matcher.appendReplacement(result, text);
            }
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private boolean exists(String path) {
        return path.isEmpty() || files.containsKey(path) || directories.contains(path);
    }

    private void directory(String path) {
        for (String dir = path; !dir.isEmpty(); dir = parent(dir)) {
            if (files.containsKey(dir)) {
                throw new ArchetypeException(jar.source() + ": " + path + " needs a directory where file " + dir + " is");
            }
            directories.add(dir);
        }
    }

    private void write(String path, byte[] content) {
        directory(parent(path));
        files.put(path, content);
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** plexus-utils {@code StringUtils.unifyLineSeparators}: CRLF, CR and LF all become the platform's separator. */
    static String unifyLineSeparators(String text) {
        String separator = System.lineSeparator();
        if (separator.equals("\n") && text.indexOf('\r') < 0) {
            return text; // every separator is already LF: the loop below would copy it unchanged, char by char
        }
        StringBuilder unified = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                unified.append(separator);
            } else if (c == '\n') {
                unified.append(separator);
            } else {
                unified.append(c);
            }
        }
        return unified.toString();
    }

    /** plexus-utils {@code StringUtils.replace}: every occurrence; an empty search text changes nothing. */
    private static String replace(String text, String search, String with) {
        return search.isEmpty() ? text : text.replace(search, with);
    }

    /** plexus-utils {@code StringUtils.replaceOnce}. */
    private static String replaceOnce(String text, String search, String with) {
        int at = search.isEmpty() ? -1 : text.indexOf(search);
        return at < 0 ? text : text.substring(0, at) + with + text.substring(at + search.length());
    }
}

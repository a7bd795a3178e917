package dev.rustkit.scaffolder.internal;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.velocity.VelocityContext;

/**
 * The property values {@code mvn archetype:generate -B} would generate with, worked out as maven-archetype-plugin
 * 3.4.1 works them out in batch mode ({@code DefaultArchetypeFactory}, then
 * {@code DefaultArchetypeGenerationConfigurator}): a given value wins, even over a default; a blank value counts as
 * not given; defaults holding {@code ${...}} are expanded with plain Velocity once the properties they name are known;
 * version defaults to 1.0-SNAPSHOT and package to groupId; groupId and artifactId have no default.
 */
final class MavenConfiguration {
    static final List<String> STANDARD = List.of("groupId", "artifactId", "version", "package");
    /** Root names of references in a default value, as the plugin's parse of it finds them (default Velocity). */
    private static final Pattern REFERENCE = Pattern.compile("\\$!?\\{?([a-zA-Z][a-zA-Z0-9_]*)");

    /** The outcome: every configured value, in the order Maven's Properties holds them, and what is missing. */
    record Result(Properties properties, List<String> missing) {}

    private final List<String> required = new ArrayList<>();
    // java.util.Properties on purpose: the generator iterates it in its own (hash) order when it fills the
    // Velocity context, and a value holding ${...} is evaluated against what was put before it.
    private final Properties properties = new Properties();
    private final Map<String, String> defaults = new HashMap<>();

    static Result configure(Descriptor descriptor, Map<String, String> given) {
        MavenConfiguration configuration = new MavenConfiguration();
        configuration.fromDescriptor(descriptor, given);
        configuration.batchMode();
        List<String> missing = configuration.required.stream().filter(key -> !configuration.isConfigured(key))
                .distinct().toList();
        return new Result(configuration.properties, missing);
    }

    private void fromDescriptor(Descriptor descriptor, Map<String, String> given) {
        for (Descriptor.RequiredProperty property : descriptor.requiredProperties()) {
            String key = property.key();
            required.add(key);
            String defaultValue = property.defaultValue();
            if (given.get(key) != null) {
                properties.setProperty(key, given.get(key));
            } else if (defaultValue != null && !containsInnerProperty(defaultValue)) {
                properties.setProperty(key, defaultValue);
            }
            if (defaultValue != null) {
                defaults.put(key, defaultValue);
            }
        }
        addStandard(given, "groupId", null, false);
        addStandard(given, "artifactId", null, false);
        addStandard(given, "version", "1.0-SNAPSHOT", false);
        addStandard(given, "package", properties.getProperty("groupId"), true);
    }

    private void addStandard(Map<String, String> given, String key, String defaultValue, boolean initWithDefault) {
        if (isConfigured(key) || defaults.get(key) != null) {
            return;
        }
        required.add(key);
        String value = given.get(key);
        if (value != null) {
            properties.setProperty(key, value);
            defaults.put(key, value);
        } else if (defaultValue != null) {
            if (initWithDefault) {
                properties.setProperty(key, defaultValue);
            }
            defaults.put(key, defaultValue);
        }
    }

    private void batchMode() {
        if (required.stream().allMatch(this::isConfigured)) {
            return;
        }
        List<String> ordered = new ArrayList<>(required);
        Map<String, Set<String>> references = references();
        ordered.sort((left, right) -> {
            if (references(right, left, references, new HashSet<>())) {
                return 1;
            }
            if (references(left, right, references, new HashSet<>())) {
                return -1;
            }
            return Integer.compare(references.get(left).size(), references.get(right).size());
        });
        VelocityContext context = new VelocityContext();
        for (String key : ordered) {
            if (isConfigured(key)) {
                context.put(key, properties.getProperty(key));
            } else if (defaults.get(key) != null) {
                String value = expand(defaults.get(key), key, context);
                properties.setProperty(key, value);
                context.put(key, value);
            }
        }
    }

    private Map<String, Set<String>> references() {
        Map<String, Set<String>> references = new HashMap<>();
        for (String key : required) {
            Set<String> names = new LinkedHashSet<>();
            String defaultValue = defaults.get(key);
            if (defaultValue != null && defaultValue.contains("${")) {
                Matcher matcher = REFERENCE.matcher(defaultValue);
                while (matcher.find()) {
                    names.add(matcher.group(1));
                }
            }
            names.retainAll(required);
            names.remove(key);
            references.put(key, names);
        }
        return references;
    }

    /** Whether {@code source}'s default refers to {@code target}, directly or through other defaults. */
    private static boolean references(String target, String source, Map<String, Set<String>> references, Set<String> seen) {
        if (target.equals(source) || !seen.add(source)) {
            return false;
        }
        Set<String> direct = references.getOrDefault(source, Set.of());
        return direct.contains(target) || direct.stream().anyMatch(next -> references(target, next, references, seen));
    }

    private static String expand(String text, String key, VelocityContext context) {
        if (!text.contains("${")) {
            return text;
        }
        StringWriter out = new StringWriter();
        MavenVelocity.forDefaults().evaluate(context, out, key, text);
        return out.toString();
    }

    private boolean isConfigured(String key) {
        String value = properties.getProperty(key);
        return value != null && !value.isBlank();
    }

    private static boolean containsInnerProperty(String value) {
        int start = value.indexOf("${");
        return start >= 0 && value.indexOf('}', start) >= 0;
    }
}

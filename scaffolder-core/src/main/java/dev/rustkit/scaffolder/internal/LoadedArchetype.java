package dev.rustkit.scaffolder.internal;

import dev.rustkit.scaffolder.ArchetypeException;
import dev.rustkit.scaffolder.PropertySpec;
import dev.rustkit.scaffolder.archetype.InvalidPropertiesException;
import dev.rustkit.scaffolder.archetype.PostGenerate;
import dev.rustkit.scaffolder.archetype.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.velocity.app.VelocityEngine;

/**
 * One archetype, ready to generate: its jar, its own rule table, its property schema and what its post-generate step
 * does. Immutable; {@link #generate} may run on many threads at once.
 */
public final class LoadedArchetype {
    private static final Pattern MACRO = Pattern.compile("#\\{?macro\\b");
    private static final Pattern TOKEN = Pattern.compile("__((?:[^_]+_)*[^_]+)__");
    private static final String RUSTKIT_POST_GENERATE = PostGenerate.class.getName();
    private static final Map<String, String> STANDARD_DESCRIPTIONS = Map.of(
            "groupId", "Maven groupId of the generated project; mvn archetype:generate requires it.",
            "artifactId", "Maven artifactId of the generated project: the name of the project directory Maven creates.",
            "version", "Maven version of the generated project.",
            "package", "Java package of the generated project; defaults to the groupId.");

    /** What a generation produced, before it is wrapped for the public API. */
    public record Output(Map<String, String> properties, SortedMap<String, byte[]> files, SortedSet<String> directories,
            Set<String> executables) {}

    private final ArchetypeJar jar;
    private final ArchetypeCode code;
    // What the rule table judges names against, as the post-generate step reads it from the jar; null if none.
    private final String cargoLockTemplate;
    private final boolean postGenerate;
    private final List<PropertySpec> properties;
    private final Set<String> pathTokens;
    /** Whether all generations may share one engine (see {@link MavenVelocity#forTemplates}). */
    private final boolean shareVelocity;
    /** That engine, made on first use: listing and describing archetypes needs none. */
    private volatile VelocityEngine sharedVelocity;

    private LoadedArchetype(ArchetypeJar jar) {
        this.jar = jar;
        this.code = ArchetypeCode.load(jar);
        this.cargoLockTemplate = jar.text(ArchetypeJar.RESOURCES + "/Cargo.lock").orElse(null);
        Optional<String> script = jar.text(ArchetypeJar.POST_GENERATE);
        if (script.isPresent() && !script.get().contains(RUSTKIT_POST_GENERATE)) {
            // Groovy could do anything; the engine replicates rustkit's post-generate step and nothing else.
            throw new ArchetypeException(jar.source() + ": its " + ArchetypeJar.POST_GENERATE + " does not call "
                    + RUSTKIT_POST_GENERATE + ", and the engine cannot replicate another script");
        }
        this.postGenerate = script.isPresent();
        this.properties = schema(jar.descriptor(), code);
        Set<String> tokens = new LinkedHashSet<>();
        for (String resource : jar.resources()) {
            Matcher matcher = TOKEN.matcher(resource);
            while (matcher.find()) {
                tokens.add(matcher.group(1));
            }
        }
        this.pathTokens = tokens;
        this.shareVelocity = canShareVelocity(jar);
    }

    private VelocityEngine velocity() {
        if (!shareVelocity) {
            return MavenVelocity.forTemplates(jar, false);
        }
        VelocityEngine engine = sharedVelocity;
        if (engine == null) {
            synchronized (this) {
                engine = sharedVelocity;
                if (engine == null) {
                    engine = MavenVelocity.forTemplates(jar, true);
                    sharedVelocity = engine;
                }
            }
        }
        return engine;
    }

    private static boolean canShareVelocity(ArchetypeJar jar) {
        boolean oneEncoding = jar.descriptor().fileSets().stream()
                .allMatch(fileSet -> fileSet.encoding().isEmpty() || fileSet.encoding().equalsIgnoreCase("UTF-8"));
        boolean macros = jar.templateTexts().anyMatch(text -> MACRO.matcher(text).find());
        return oneEncoding && !macros;
    }

    public static LoadedArchetype of(ArchetypeJar jar) {
        return new LoadedArchetype(jar);
    }

    public String id() {
        return jar.id();
    }

    public String description() {
        return jar.description();
    }

    public String source() {
        return jar.source();
    }

    public List<PropertySpec> properties() {
        return properties;
    }

    /**
     * Works out the values as Maven would, checks them all (unknown and missing properties, the archetype's rule
     * table, values that would put files outside the project), then renders.
     *
     * @throws InvalidPropertiesException listing every problem, if there is any
     */
    public Output generate(Map<String, String> given) {
        MavenConfiguration.Result configured = MavenConfiguration.configure(jar.descriptor(), given);
        Map<String, String> values = new LinkedHashMap<>();
        configured.properties().forEach((key, value) -> values.put((String) key, (String) value));
        VelocityEngine velocity = velocity();
        requireValid(given, configured.missing(), values, velocity);

        Map<String, String> standard = new LinkedHashMap<>();
        MavenConfiguration.STANDARD.forEach(key -> standard.put(key, values.get(key)));
        Renderer.Rendered rendered;
        try {
            rendered = Renderer.render(jar, velocity, configured.properties(), standard);
        } catch (Renderer.UnusableValue e) {
            // Evaluated in the full context, a value can still fail (a method call on another value, say).
            Optional<String> culprit = culprit(e.property(), e.value(), given);
            if (culprit.isPresent()) {
                throw new InvalidPropertiesException(List.of(unevaluable(culprit.get(), given)));
            }
            throw e.getCause();
        }

        SortedMap<String, byte[]> files = new TreeMap<>(rendered.files());
        Set<String> executables = new TreeSet<>();
        if (postGenerate) {
            // PostGenerate.finish: drop the pom, finish the files (Cargo.lock in cargo's order), make scripts executable.
            files.remove(code.discardedFile());
            files.replaceAll(code::finishedContent);
            files.forEach((path, content) -> {
                if (code.isScript(content)) {
                    executables.add(path);
                }
            });
        }
        Map<String, String> shown = new LinkedHashMap<>();
        properties.forEach(spec -> {
            if (values.containsKey(spec.name())) {
                shown.put(spec.name(), values.get(spec.name()));
            }
        });
        return new Output(shown, files, rendered.directories(), Set.copyOf(executables));
    }

    private void requireValid(Map<String, String> given, List<String> missing, Map<String, String> values,
            VelocityEngine velocity) {
        List<Problem> problems = new ArrayList<>();
        for (String property : missing) {
            if (property.equals("package") && missing.contains("groupId")) {
                continue; // package defaults to groupId: it has a value as soon as groupId has one
            }
            problems.add(new Problem(property, null, allowed(property)));
        }
        problems.addAll(code.problems(values, cargoLockTemplate));
        values.forEach((property, value) -> {
            if (value.contains("${") && !Renderer.evaluates(velocity, property, value)) {
                // A value given with a stray ${ (or a default or package built from one): the user's to fix. A
                // default of the archetype's own that cannot be evaluated fails the rendering, as the archetype's.
                culprit(property, value, given)
                        .filter(name -> problems.stream().noneMatch(problem -> problem.property().equals(name)))
                        .ifPresent(name -> problems.add(unevaluable(name, given)));
            }
        });
        for (String token : pathTokens) {
            String value = values.get(token);
            if (value != null && escapes(value)) {
                problems.add(new Problem(token, value, "a value that keeps every file inside the project directory:"
                        + " no '.' or '..' path segment, no '\\'"));
            }
        }
        List<String> names = properties.stream().map(PropertySpec::name).toList();
        problems.sort(Comparator.comparingInt(problem -> names.indexOf(problem.property())));
        for (Map.Entry<String, String> entry : given.entrySet()) {
            if (!names.contains(entry.getKey())) {
                problems.add(new Problem(entry.getKey(), entry.getValue(),
                        "only the properties " + id() + " defines: " + String.join(", ", names)));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPropertiesException(problems);
        }
    }

    /**
     * The given property to blame for {@code value} of {@code property}: the property itself if it was given,
     * else a given value holding <code>${</code> that {@code value} was built from (package from groupId, a default such
     * as {@code ${artifactId}-svc}); empty if the value comes from the archetype alone.
     */
    private static Optional<String> culprit(String property, String value, Map<String, String> given) {
        if (isGiven(given, property)) {
            return Optional.of(property);
        }
        return given.entrySet().stream()
                .filter(entry -> isGiven(given, entry.getKey()) && entry.getValue().contains("${")
                        && value.contains(entry.getValue()))
                .map(Map.Entry::getKey)
                .findFirst();
    }

    private static boolean isGiven(Map<String, String> given, String property) {
        String value = given.get(property);
        return value != null && !value.isBlank();
    }

    private static Problem unevaluable(String property, Map<String, String> given) {
        return new Problem(property, given.get(property), "text Velocity can evaluate, since mvn archetype:generate"
                + " evaluates every value holding '${': each '${' must begin a complete reference such as"
                + " ${artifactId}");
    }

    private String allowed(String property) {
        return code.rule(property).map(ArchetypeCode.Rule::allowed).orElse("any text that is not blank");
    }

    private static boolean escapes(String value) {
        if (value.contains("\\")) {
            return true;
        }
        for (String segment : value.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** artifactId first, then the archetype's own properties in descriptor order, then the other Maven ones. */
    private static List<PropertySpec> schema(Descriptor descriptor, ArchetypeCode code) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("artifactId", null);
        for (Descriptor.RequiredProperty property : descriptor.requiredProperties()) {
            String value = property.defaultValue();
            defaults.put(property.key(), value == null || value.isBlank() ? null : value);
        }
        defaults.putIfAbsent("groupId", null);
        defaults.putIfAbsent("version", "1.0-SNAPSHOT");
        defaults.putIfAbsent("package", null);
        List<PropertySpec> specs = new ArrayList<>();
        defaults.forEach((name, defaultValue) -> {
            Optional<ArchetypeCode.Rule> rule = code.rule(name);
            PropertySpec.Type type = rule.map(r -> type(r.type())).orElse(PropertySpec.Type.STRING);
            String description = rule.map(ArchetypeCode.Rule::description)
                    .orElse(STANDARD_DESCRIPTIONS.getOrDefault(name, ""));
            boolean required = defaultValue == null && !name.equals("package");
            specs.add(new PropertySpec(name, type, defaultValue, required,
                    rule.map(ArchetypeCode.Rule::choices).orElse(List.of()),
                    rule.flatMap(ArchetypeCode.Rule::pattern).orElse(null),
                    description,
                    rule.map(ArchetypeCode.Rule::allowed).orElse(null)));
        });
        return List.copyOf(specs);
    }

    private static PropertySpec.Type type(String name) {
        try {
            return PropertySpec.Type.valueOf(name);
        } catch (IllegalArgumentException e) {
            return PropertySpec.Type.STRING; // a kind this engine does not know yet: text is always safe
        }
    }
}

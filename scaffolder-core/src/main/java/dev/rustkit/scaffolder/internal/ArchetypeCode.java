package dev.rustkit.scaffolder.internal;

import dev.rustkit.scaffolder.ArchetypeException;
import dev.rustkit.scaffolder.archetype.PostGenerate;
import dev.rustkit.scaffolder.archetype.Problem;
import dev.rustkit.scaffolder.archetype.PropertyRule;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rule table and post-generate step an archetype jar carries, loaded from that jar.
 *
 * <p>Every rustkit archetype packs the classes of {@code dev.rustkit.scaffolder.archetype}, and
 * {@code mvn archetype:generate} validates with that copy. The engine calls the very same copy, in a class loader of
 * its own whose parent is the platform loader (the package depends on the JDK only), so an engine of another
 * version judges values exactly as Maven does with that jar. Nothing here is a second copy of the rules.
 */
final class ArchetypeCode {
    private static final String PACKAGE = PropertyRule.class.getPackageName();

    /** One row of the table, as plain values. */
    record Rule(String property, String type, String description, String allowed, List<String> choices,
            Optional<String> pattern) {}

    private final List<Rule> rules;
    private final Method problems;
    private final String discardedFile;
    private final Method isScript;
    private final Method finishedContent;

    private ArchetypeCode(List<Rule> rules, Method problems, String discardedFile, Method isScript,
            Method finishedContent) {
        this.rules = rules;
        this.problems = problems;
        this.discardedFile = discardedFile;
        this.isScript = isScript;
        this.finishedContent = finishedContent;
    }

    static ArchetypeCode load(ArchetypeJar jar) {
        Map<String, byte[]> classes = jar.classes(PACKAGE);
        if (!classes.containsKey(PropertyRule.class.getName())) {
            // Not a rustkit archetype: Maven checks nothing in batch mode, and neither can the engine.
            return new ArchetypeCode(List.of(), null, PostGenerate.MAVEN_POM, null, null);
        }
        ClassLoader loader = new JarClasses(classes);
        try {
            Class<?> ruleClass = loader.loadClass(PropertyRule.class.getName());
            List<Rule> rules = new ArrayList<>();
            for (Object rule : (Object[]) ruleClass.getMethod("values").invoke(null)) {
                rules.add(new Rule(
                        (String) call(rule, "property"),
                        ((Enum<?>) call(rule, "type")).name(),
                        (String) call(rule, "description"),
                        (String) call(rule, "allowed"),
                        strings(call(rule, "choices")),
                        pattern(rule)));
            }
            Method problems = problemsMethod(loader.loadClass(PACKAGE + ".PropertyRules"));
            Class<?> postGenerate = loader.loadClass(PostGenerate.class.getName());
            return new ArchetypeCode(List.copyOf(rules), problems, discardedFile(postGenerate), isScript(postGenerate),
                    optionalMethod(postGenerate, "finishedContent", String.class, byte[].class));
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw new ArchetypeException(jar.source() + ": its rule table (" + PACKAGE + ") cannot be used: " + e, e);
        }
    }

    List<Rule> rules() {
        return rules;
    }

    Optional<Rule> rule(String property) {
        return rules.stream().filter(rule -> rule.property().equals(property)).findFirst();
    }

    /**
     * The table's verdict on {@code values}, as the archetype's own {@code PropertyRules.problems} gives it, given
     * the archetype's {@code Cargo.lock} template (null if it ships none) as Maven's post-generate step reads it.
     */
    List<Problem> problems(Map<String, String> values, String cargoLockTemplate) {
        if (problems == null) {
            return List.of();
        }
        try {
            List<Problem> found = new ArrayList<>();
            Object verdict = problems.getParameterCount() == 2
                    ? problems.invoke(null, new HashMap<>(values), cargoLockTemplate)
                    : problems.invoke(null, new HashMap<>(values));
            for (Object problem : (List<?>) verdict) {
                found.add(new Problem(
                        (String) call(problem, "property"), (String) call(problem, "value"), (String) call(problem, "allowed")));
            }
            return found;
        } catch (InvocationTargetException e) {
            throw new ArchetypeException("The archetype's rule table failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ArchetypeException("The archetype's rule table cannot be called: " + e, e);
        }
    }

    /** What its post-generate step deletes after Maven wrote it: the pom.xml Maven insists on. */
    String discardedFile() {
        return discardedFile;
    }

    /**
     * Whether its post-generate step makes a file with this content executable (a script: Maven drops file modes,
     * the step sets 0755 again). Archetypes built before the step did so make nothing executable.
     */
    boolean isScript(byte[] content) {
        if (isScript == null) {
            return false;
        }
        try {
            return (Boolean) isScript.invoke(null, (Object) content);
        } catch (InvocationTargetException e) {
            throw new ArchetypeException("The archetype's post-generate step failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ArchetypeException("The archetype's post-generate step cannot be called: " + e, e);
        }
    }

    /**
     * A generated file as the post-generate step leaves it (it sorts Cargo.lock); unchanged for archetypes built
     * before the step did so.
     */
    byte[] finishedContent(String relativePath, byte[] content) {
        if (finishedContent == null) {
            return content;
        }
        try {
            return (byte[]) finishedContent.invoke(null, relativePath, content);
        } catch (InvocationTargetException e) {
            throw new ArchetypeException("The archetype's post-generate step failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ArchetypeException("The archetype's post-generate step cannot be called: " + e, e);
        }
    }

    // The two-argument form (with the Cargo.lock template) where the jar has it, else the older one.
    private static Method problemsMethod(Class<?> propertyRules) throws NoSuchMethodException {
        Method withLock = optionalMethod(propertyRules, "problems", Map.class, String.class);
        return withLock != null ? withLock : propertyRules.getMethod("problems", Map.class);
    }

    private static Method optionalMethod(Class<?> type, String name, Class<?>... parameters) {
        try {
            return type.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static String discardedFile(Class<?> postGenerate) throws ReflectiveOperationException {
        try {
            return (String) postGenerate.getField("MAVEN_POM").get(null);
        } catch (NoSuchFieldException e) {
            return "pom.xml"; // what finish() deleted before the constant existed
        }
    }

    private static Method isScript(Class<?> postGenerate) {
        return optionalMethod(postGenerate, "isScript", byte[].class);
    }

    private static Optional<String> pattern(Object rule) throws ReflectiveOperationException {
        try {
            return ((Optional<?>) call(rule, "pattern")).map(String.class::cast);
        } catch (NoSuchMethodException e) {
            return Optional.empty(); // a table from before pattern() existed
        }
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        return target.getClass().getMethod(method).invoke(target);
    }

    private static List<String> strings(Object list) {
        return ((List<?>) list).stream().map(String.class::cast).toList();
    }

    /** Defines the archetype package from the jar's bytes; the JDK is all it may link against. */
    private static final class JarClasses extends ClassLoader {
        private final Map<String, byte[]> classes;

        JarClasses(Map<String, byte[]> classes) {
            super("rustkit-archetype-rules", ClassLoader.getPlatformClassLoader());
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}

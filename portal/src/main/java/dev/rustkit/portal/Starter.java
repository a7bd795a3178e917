package dev.rustkit.portal;

import dev.rustkit.scaffolder.ArchetypeSpec;
import dev.rustkit.scaffolder.GeneratedTree;
import dev.rustkit.scaffolder.GenerationRequest;
import dev.rustkit.scaffolder.Scaffolder;
import dev.rustkit.scaffolder.archetype.InvalidPropertiesException;
import dev.rustkit.scaffolder.archetype.Problem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.util.Fields;

/**
 * One generated project as {@code /starter.zip}, {@code /starter.tgz} and {@code /preview} are asked for it: the
 * parameters are {@code archetype}, {@code baseDir} and the archetype's properties. Every value is judged by the
 * engine (its one rule table) except {@code baseDir}, which is the portal's own; all problems come back at once.
 * A property given empty counts as not given, as an HTML form's blank field does.
 *
 * @param tree the project, generated in memory
 * @param baseDir the directory the archive puts the project in: the artifactId unless given; empty for none
 */
record Starter(GeneratedTree tree, String baseDir) {
    static final String ARCHETYPE = "archetype";
    static final String BASE_DIR = "baseDir";
    static final String BASE_DIR_ALLOWED = "a relative path of names separated by single '/' (no leading or trailing"
            + " '/', no '.' or '..' name), without '\\' or control characters; empty for no top directory";

    /**
     * Generates the project the parameters ask for.
     *
     * @throws ProblemException 400 listing every parameter at fault (given twice, no archetype, a bad baseDir, and
     *     whatever the engine refuses: unknown properties, missing or bad values); 404 for an unknown archetype
     */
    static Starter generate(Scaffolder engine, Fields parameters) {
        List<Problem> problems = new ArrayList<>();
        Map<String, String> properties = new LinkedHashMap<>();
        String archetype = null;
        String baseDir = null;
        for (Fields.Field field : parameters) {
            List<String> values = field.getValues();
            if (values.size() > 1) {
                problems.add(new Problem(field.getName(), String.join("\", \"", values), "one value, given once"));
                continue;
            }
            switch (field.getName()) {
                case ARCHETYPE -> archetype = field.getValue();
                case BASE_DIR -> baseDir = field.getValue();
                // A blank field is a field left out: an HTML form sends every field, the blank ones as name=, and
                // the page and its <noscript> forms must work without JavaScript stripping them. The engine still
                // judges what is left (a required property left blank is reported missing). baseDir= keeps its
                // meaning (no top directory): it is the portal's own parameter.
                default -> {
                    if (!field.getValue().isEmpty()) {
                        properties.put(field.getName(), field.getValue());
                    }
                }
            }
        }
        String known = engine.archetypes().stream().map(ArchetypeSpec::id).collect(Collectors.joining(", "));
        if (archetype == null || archetype.isBlank()) {
            problems.add(0, new Problem(ARCHETYPE, null, "one of " + known));
            throw invalid(problems);
        }
        if (engine.archetype(archetype).isEmpty()) {
            throw new ProblemException(HttpStatus.NOT_FOUND_404,
                    "No archetype \"" + archetype + "\" here. Known archetypes: " + known + ".",
                    List.of(new Problem(ARCHETYPE, archetype, "one of " + known)));
        }
        if (baseDir != null && !isSafeBaseDir(baseDir)) {
            problems.add(new Problem(BASE_DIR, baseDir, BASE_DIR_ALLOWED));
        }
        GeneratedTree tree = null;
        try {
            tree = engine.generate(GenerationRequest.of(archetype, properties));
        } catch (InvalidPropertiesException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return new Starter(tree, baseDir != null ? baseDir : tree.properties().get("artifactId"));
    }

    /** The artifactId: the archive's file name. */
    String artifactId() {
        return tree.properties().get("artifactId");
    }

    /** The rule for {@code baseDir}: nothing an extractor could be tricked into writing outside its directory. */
    static boolean isSafeBaseDir(String baseDir) {
        if (baseDir.isEmpty()) {
            return true;
        }
        if (baseDir.indexOf('\\') >= 0 || baseDir.chars().anyMatch(Character::isISOControl)) {
            return false;
        }
        for (String name : baseDir.split("/", -1)) {
            if (name.isEmpty() || name.equals(".") || name.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static ProblemException invalid(List<Problem> problems) {
        String detail = problems.size() == 1 ? "Invalid parameter: " + problems.get(0).message()
                : problems.stream().map(Problem::message).collect(Collectors.joining(" ", "Invalid parameters: ", ""));
        return new ProblemException(HttpStatus.BAD_REQUEST_400, detail, problems);
    }
}

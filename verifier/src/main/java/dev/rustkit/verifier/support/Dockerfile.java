package dev.rustkit.verifier.support;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Dockerfile as BuildKit reads it. BuildKit's own parser and instruction parser do the reading, in
 * {@code tools/dockerfile-json} (built into {@code .tools/bin} by scripts/install-tools); these records are its JSON,
 * field by field, so the tests see the stages, flags, heredocs and exec forms {@code docker build} would, and no
 * Dockerfile syntax is interpreted here. Nothing is expanded: build arguments are unknown, so $VARIABLES stay.
 */
public record Dockerfile(String escapeToken, List<KeyValue> metaArgs, List<Stage> stages) {
    /** Strict, so that a change in the tool's output fails here instead of reading as nulls or defaults. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** An ENV or LABEL pair, or a meta ARG (whose value is null when it has no default). */
    public record KeyValue(String key, String value) {}

    /** A heredoc's body; {@code expand} is false for a quoted delimiter, whose body BuildKit leaves unexpanded. */
    public record Heredoc(String name, String content, boolean expand) {}

    /** A FROM and what follows it. {@code name} is lower case, as BuildKit matches it; null for an unnamed stage. */
    public record Stage(String name, String base, String platform, int line, List<Instruction> instructions) {
        public List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        public Optional<Instruction> last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
        }
    }

    /**
     * One instruction after FROM. {@code flags} maps each {@code --name} to its values as written; {@code arguments}
     * are the words after them as BuildKit's parser splits them; {@code command} is what RUN, CMD, ENTRYPOINT or
     * HEALTHCHECK CMD runs, {@code script} the string BuildKit hands the shell in shell form (heredocs folded in).
     */
    public record Instruction(String keyword, int line, int endLine, Map<String, List<String>> flags, List<String> arguments,
                       @JsonProperty("execForm") boolean inExecForm, List<String> command, String script,
                       List<KeyValue> keyValues, List<Heredoc> heredocs) {

        /** The value of a flag given at most once ({@code --from=builder} gives "builder"). */
        public Optional<String> flag(String name) {
            List<String> values = flags.getOrDefault(name, List.of());
            if (values.size() > 1) {
                throw new AssertionError("--" + name + " is given " + values.size() + " times on line " + line
                        + "; read flags() for a repeatable flag");
            }
            return values.stream().findFirst();
        }

        /** The argv of an exec-form (JSON array) RUN, CMD, ENTRYPOINT or HEALTHCHECK CMD: {@code ["/app", "x"]}. */
        public List<String> execForm() {
            if (!inExecForm || command.isEmpty()) {
                throw new AssertionError(keyword + " on line " + line + " is not in exec form (a JSON array): "
                        + command);
            }
            return command;
        }

        /** The command line BuildKit runs with {@code sh -c} for a shell-form RUN, CMD, ENTRYPOINT or HEALTHCHECK. */
        public String shellScript() {
            if (script == null) {
                throw new AssertionError(keyword + " on line " + line + " runs no shell script (exec form, or a"
                        + " heredoc with #! that BuildKit runs as a file): " + command);
            }
            return script;
        }
    }

    public Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    /** The stage {@code COPY --from=name} names; BuildKit matches stage names case-insensitively. */
    public Optional<Stage> stage(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return stages.stream().filter(stage -> wanted.equals(stage.name())).findFirst();
    }

    /**
     * Parses Dockerfile text with BuildKit (through dockerfile-json). A Dockerfile BuildKit refuses throws with
     * BuildKit's message; BuildKit's warnings go to the test's standard error.
     */
    public static Dockerfile parse(String text) {
        Path tool = Executables.find("dockerfile-json");
        Path work = null;
        try {
            work = Files.createTempDirectory("rustkit-dockerfile-json-");
            Path input = Files.writeString(work.resolve("Dockerfile"), text);
            // Command merges standard error into its output, so the JSON goes to a file of its own.
            Path output = work.resolve("Dockerfile.json");
            Command.Result result = Command.of(tool.toString(), "-o", output.toString(), input.toString()).run();
            if (result.exitCode() != 0) {
                throw new IllegalArgumentException("BuildKit cannot parse the Dockerfile: " + result.describe());
            }
            if (!result.output().isBlank()) {
                System.err.print(result.output());
            }
            return JSON.readValue(output.toFile(), Dockerfile.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + tool + " or read its JSON", e);
        } finally {
            if (work != null) {
                for (String name : List.of("Dockerfile.json", "Dockerfile", "")) {
                    work.resolve(name).toFile().delete();
                }
            }
        }
    }
}

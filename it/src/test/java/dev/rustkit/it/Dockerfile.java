package dev.rustkit.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read the way BuildKit's parser reads it: comment lines dropped, backslash continuations joined,
 * heredoc bodies kept with their instruction, instructions grouped into stages at each FROM. Enough to know what a
 * final stage copies, as whom it runs and what it starts; arguments are not expanded.
 */
record Dockerfile(List<Stage> stages) {
    private static final Pattern HEREDOC = Pattern.compile("<<-?[\"']?([A-Za-z_][A-Za-z0-9_]*)[\"']?");

    record Instruction(String keyword, Map<String, String> flags, List<String> arguments, String body) {
        /** The arguments of an exec-form instruction: {@code ["/app", "healthcheck"]}. */
        List<String> execForm() {
            return JsonStrings.parseArray(String.join(" ", arguments));
        }

        /** The {@code key=value} pairs of LABEL or ENV, double-quoted values unquoted. */
        Map<String, String> keyValues() {
            Map<String, String> pairs = new LinkedHashMap<>();
            Matcher pair = KEY_VALUE.matcher(String.join(" ", arguments));
            while (pair.find()) {
                String value = pair.group(2);
                pairs.put(pair.group(1), value.startsWith("\"")
                        ? value.substring(1, value.length() - 1).replace("\\\"", "\"")
                        : value);
            }
            return pairs;
        }
    }

    private static final Pattern KEY_VALUE = Pattern.compile("([A-Za-z0-9_.-]+)=(\"(?:[^\"\\\\]|\\\\.)*\"|\\S*)");

    record Stage(String name, String base, List<Instruction> instructions) {
        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        Optional<Instruction> last(String keyword) {
            List<Instruction> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
        }
    }

    Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    Optional<Stage> stage(String name) {
        return stages.stream().filter(stage -> name.equals(stage.name())).findFirst();
    }

    static Dockerfile parse(String text) {
        List<String> lines = List.of(text.split("\n", -1));
        List<Stage> stages = new ArrayList<>();
        List<Instruction> current = null;
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i++);
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            StringBuilder logical = new StringBuilder(line.stripTrailing());
            while (logical.toString().endsWith("\\") && i < lines.size()) {
                logical.setLength(logical.length() - 1);
                String next = lines.get(i++);
                if (!next.stripLeading().startsWith("#")) {
                    logical.append(' ').append(next.strip());
                }
            }
            String instructionText = logical.toString().strip();
            StringBuilder body = new StringBuilder();
            Matcher heredoc = HEREDOC.matcher(instructionText);
            if (heredoc.find()) {
                String terminator = heredoc.group(1);
                while (i < lines.size() && !lines.get(i).strip().equals(terminator)) {
                    body.append(lines.get(i++)).append('\n');
                }
                i++;
            }
            Instruction instruction = instruction(instructionText, body.toString());
            if (instruction.keyword().equals("FROM")) {
                current = new ArrayList<>();
                List<String> args = instruction.arguments();
                String name = args.size() >= 3 && args.get(1).equalsIgnoreCase("AS") ? args.get(2) : null;
                stages.add(new Stage(name, args.get(0), current));
            }
            if (current != null) {
                current.add(instruction);
            }
        }
        return new Dockerfile(List.copyOf(stages));
    }

    private static Instruction instruction(String text, String body) {
        String[] words = text.split("\\s+");
        String keyword = words[0].toUpperCase(Locale.ROOT);
        Map<String, String> flags = new LinkedHashMap<>();
        int i = 1;
        while (i < words.length && words[i].startsWith("--")) {
            String flag = words[i++].substring(2);
            int eq = flag.indexOf('=');
            flags.put(eq < 0 ? flag : flag.substring(0, eq), eq < 0 ? "" : flag.substring(eq + 1));
        }
        List<String> arguments = new ArrayList<>();
        for (; i < words.length; i++) {
            arguments.add(words[i]);
        }
        return new Instruction(keyword, flags, arguments, body);
    }
}

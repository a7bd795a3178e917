package dev.rustkit.it;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds text that the archetype plugin's Velocity would silently change: a {@code ##} line comment, a {@code #*}
 * block comment (it eats the rest of the file), a {@code $!} quiet reference (the {@code !} is lost),
 * {@code ${version}} (the project's version, not a literal), {@code #stop}/{@code #break}, a bare {@code $crate}
 * (Rust's macro metavariable, which the variable names.vm sets would replace), and words after {@code #if}/{@code #set}/... that
 * Velocity takes for a directive. Text inside {@code #[[ ... ]]#} is passed through verbatim and not checked.
 */
final class VelocityHazards {
    private static final Pattern LITERAL_BLOCK = Pattern.compile("(?s)#\\[\\[.*?]]#");
    private static final List<Hazard> HAZARDS = List.of(
            new Hazard(Pattern.compile("##"), "'##' starts a Velocity comment: the rest of the line vanishes"),
            new Hazard(Pattern.compile("#\\*"), "'#*' starts a Velocity block comment: the rest of the file vanishes"),
            new Hazard(Pattern.compile("\\$!"), "'$!' is a Velocity quiet reference: the '!' is lost"),
            new Hazard(Pattern.compile("\\$\\{?version\\b"), "'${version}' expands to the Maven project version"),
            new Hazard(Pattern.compile("#(?:if|elseif|foreach|set|macro|define|evaluate|parse|include)\\b(?!\\()"),
                    "looks like a Velocity directive without its '(': generation aborts or the text changes"),
            new Hazard(Pattern.compile("#\\{?(?:stop|break)\\b"), "'#stop' and '#break' end the rendering there"),
            // names.vm sets $crate; Rust's macro_rules metavariable of the same name would become the crate name.
            // Templates substitute with ${crate}, so a bare $crate can only be Rust's.
            new Hazard(Pattern.compile("(?<!#set\\()\\$crate\\b"),
                    "'$crate' is the Velocity variable names.vm sets, not Rust's macro $crate: write #[[$crate]]#"));

    private record Hazard(Pattern pattern, String why) {}

    /** Each hazard as "line N: why: the line". */
    static List<String> in(String template) {
        List<String> found = new ArrayList<>();
        String[] lines = blankOutLiteralBlocks(template).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            for (Hazard hazard : HAZARDS) {
                if (hazard.pattern().matcher(lines[i]).find()) {
                    found.add("line " + (i + 1) + ": " + hazard.why() + ": " + lines[i].strip());
                }
            }
        }
        return found;
    }

    /** Replaces the inside of {@code #[[ ]]#} blocks with spaces, keeping line breaks so line numbers hold. */
    private static String blankOutLiteralBlocks(String template) {
        Matcher matcher = LITERAL_BLOCK.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group().replaceAll("[^\n]", " ")));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private VelocityHazards() {}
}

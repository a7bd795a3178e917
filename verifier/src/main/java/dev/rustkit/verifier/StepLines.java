package dev.rustkit.verifier;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The verifier's progress as lines, the same for every front end: the generated project, a line as each step starts
 * and ends (with its result and duration), one every {@link Verifier#HEARTBEAT} while a long step runs (CI logs show
 * no spinner), and under a step that did not pass the tool's trimmed output.
 */
public final class StepLines implements Verifier.Listener {
    private final Consumer<String> out;

    public StepLines(Consumer<String> out) {
        this.out = out;
    }

    @Override
    public void generated(String archetype, Map<String, String> properties, Path directory) {
        StringBuilder line = new StringBuilder("verify ").append(archetype);
        properties.forEach((name, value) -> line.append(' ').append(name).append('=').append(value));
        out.accept("");
        out.accept(line.toString());
        out.accept("  project: " + directory);
    }

    @Override
    public void started(Check check) {
        out.accept(String.format(Locale.ROOT, "  [    ] %-10s %s", check.id(), check.title()));
    }

    @Override
    public void stillRunning(Check check, Duration elapsed) {
        out.accept(String.format(Locale.ROOT, "  [....] %-10s still running, %d s", check.id(), elapsed.toSeconds()));
    }

    @Override
    public void finished(StepResult result) {
        String mark = switch (result.status()) {
            case PASSED -> "PASS";
            case FAILED -> "FAIL";
            case NOT_RUN -> "N/A ";
        };
        out.accept(String.format(Locale.ROOT, "  [%s] %-10s %.1f s", mark, result.check().id(),
                result.took().toMillis() / 1000.0));
        if (!result.passed()) {
            result.trimmedDetail().lines().forEach(line -> out.accept("         | " + line));
        }
    }
}

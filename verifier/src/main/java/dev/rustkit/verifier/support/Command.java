package dev.rustkit.verifier.support;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** An external command run to completion, its output kept whole so a failing assertion can show it. */
public final class Command {
    private final List<String> argv;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Path directory;
    private Duration timeout = Duration.ofMinutes(20);

    private Command(List<String> argv) {
        this.argv = List.copyOf(argv);
    }

    public static Command of(String... argv) {
        return new Command(List.of(argv));
    }

    public static Command of(List<String> argv) {
        return new Command(argv);
    }

    public Command in(Path directory) {
        this.directory = directory;
        return this;
    }

    public Command env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public Command env(Map<String, String> values) {
        environment.putAll(values);
        return this;
    }

    public Command timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    public Result run() {
        try {
            Path log = Files.createTempFile("rustkit-command", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
                if (directory != null) {
                    builder.directory(directory.toFile());
                }
                builder.environment().putAll(environment);
                long started = System.nanoTime();
                Process process = builder.start();
                process.getOutputStream().close();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor();
                    return new Result(this, -1, "TIMED OUT after " + timeout + "\n" + Files.readString(log),
                            Duration.ofNanos(System.nanoTime() - started));
                }
                return new Result(this, process.exitValue(), Files.readString(log, StandardCharsets.UTF_8),
                        Duration.ofNanos(System.nanoTime() - started));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + argv, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + argv, e);
        }
    }

    /** Runs the command and fails the test, with the whole output, unless it exits 0. */
    public Result runOrFail() {
        Result result = run();
        if (result.exitCode() != 0) {
            fail(result.describe());
        }
        return result;
    }

    @Override
    public String toString() {
        List<String> shown = new ArrayList<>();
        environment.forEach((name, value) -> shown.add(name + "=" + value));
        shown.addAll(argv);
        return String.join(" ", shown) + (directory != null ? "  (in " + directory + ")" : "");
    }

    public record Result(Command command, int exitCode, String output, Duration took) {
        public String describe() {
            return "`" + command + "` exited " + exitCode + " after " + took.toSeconds() + " s. Output:\n" + output;
        }
    }
}

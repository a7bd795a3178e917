package dev.rustkit.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The built jar as a user starts it, {@code java -jar target/rustkit-portal.jar --port 0}, with every line it prints
 * kept (the access log is asserted on). The start-up line names the port it got.
 */
final class PortalProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("on (http://\\S+/)");

    private final Process process;
    private final Path output;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread follower;
    private URI base;

    private PortalProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
        this.follower = new Thread(this::follow, "portal-output");
        follower.setDaemon(true);
        follower.start();
    }

    static PortalProcess start(String... extraArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("java", "-jar", System.getProperty("portal.jar"),
                "--port", "0", "--bind", "127.0.0.1"));
        command.addAll(List.of(extraArgs));
        return run(command, Map.of());
    }

    /**
     * Any command that starts the portal (e.g. an image's ENTRYPOINT), with these environment variables added. Its
     * output goes to a file that is read as it grows: a thread reading the process's pipe instead could be told
     * "Stream closed" when the JDK drains and closes that pipe at the exit, losing the last lines.
     */
    static PortalProcess run(List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("portal-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(environment);
        PortalProcess portal = new PortalProcess(builder.start(), output);
        try {
            String line = portal.awaitLine(LISTENING, Duration.ofSeconds(60)).findFirst().orElseThrow();
            portal.base = URI.create(LISTENING.matcher(line).results().findFirst().orElseThrow().group(1));
            return portal;
        } catch (RuntimeException | Error | InterruptedException e) {
            try {
                portal.close(); // a portal that did not start is not left running behind the failed test
            } catch (RuntimeException | Error | InterruptedException closing) {
                e.addSuppressed(closing); // why it did not start is the news, not how it then stopped
            }
            throw e;
        }
    }

    /** Reads the output file line by line as it grows, until the process has exited and every byte is read. */
    private void follow() {
        try (InputStream in = Files.newInputStream(output)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (true) {
                boolean exited = !process.isAlive(); // before the read: whatever it wrote before exiting is read next
                int read = in.read(buffer);
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        lines.add(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    } else {
                        line.write(buffer[i]);
                    }
                }
                if (read <= 0) {
                    if (exited) {
                        if (line.size() > 0) {
                            lines.add(line.toString(StandardCharsets.UTF_8));
                        }
                        return;
                    }
                    LockSupport.parkNanos(10_000_000);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>/}. */
    URI base() {
        return base;
    }

    long pid() {
        return process.pid();
    }

    /** Everything printed so far, stdout and stderr. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /** Waits (up to {@code timeout}, or until the output has ended) for a printed line that matches. */
    Stream<String> awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            boolean ended = !follower.isAlive(); // before the look: a line read just before the end is still seen
            if (lines.stream().anyMatch(l -> pattern.matcher(l).find())) {
                return lines.stream().filter(l -> pattern.matcher(l).find());
            }
            if (ended) {
                break;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no line matching " + pattern + " within " + timeout + " ("
                + (process.isAlive() ? "still running" : "exited with " + process.exitValue()) + "); printed: " + lines);
    }

    /** SIGTERM, as an orchestrator stops it; the exit status it then gave. */
    int terminate() throws InterruptedException {
        process.destroy();
        return awaitExit();
    }

    /** Waits for the exit (after a SIGTERM sent elsewhere); its status. */
    int awaitExit() throws InterruptedException {
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s of SIGTERM").isTrue();
        follower.join(5_000); // the last lines (the access log's, "stopped") are read before anyone looks at them
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        try {
            if (process.isAlive()) {
                terminate();
            }
        } finally {
            process.destroyForcibly();
            follower.join(5_000);
            try {
                Files.deleteIfExists(output);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

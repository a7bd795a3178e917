package dev.rustkit.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The built jar as a user starts it, {@code java -jar target/rustkit-portal.jar --port 0}, with every line it prints
 * kept (the access log is asserted on). The start-up line names the port it got.
 */
final class PortalProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("on (http://\\S+/)");

    private final Process process;
    private final URI base;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private Thread drain;

    private PortalProcess(Process process, URI base) {
        this.process = process;
        this.base = base;
    }

    static PortalProcess start(String... extraArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of("java", "-jar", System.getProperty("portal.jar"),
                "--port", "0", "--bind", "127.0.0.1"));
        command.addAll(List.of(extraArgs));
        return run(command, Map.of());
    }

    /** Any command that starts the portal (e.g. an image's ENTRYPOINT), with these environment variables added. */
    static PortalProcess run(List<String> command, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        Matcher m = LISTENING.matcher(String.valueOf(line));
        assertThat(m.find()).as("start-up line: %s", line).isTrue();
        PortalProcess portal = new PortalProcess(process, URI.create(m.group(1)));
        portal.lines.add(line);
        portal.drain = new Thread(() -> out.lines().forEach(portal.lines::add), "portal-output");
        portal.drain.setDaemon(true);
        portal.drain.start();
        return portal;
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

    /** Waits (up to {@code timeout}) for a printed line that matches. */
    Stream<String> awaitLine(Pattern pattern, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (lines.stream().anyMatch(l -> pattern.matcher(l).find())) {
                return lines.stream().filter(l -> pattern.matcher(l).find());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no line matching " + pattern + " within " + timeout + "; printed: " + lines);
    }

    /** SIGTERM, as an orchestrator stops it; the exit status it then gave. */
    int terminate() throws InterruptedException {
        process.destroy();
        return awaitExit();
    }

    /** Waits for the exit (after a SIGTERM sent elsewhere); its status. */
    int awaitExit() throws InterruptedException {
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s of SIGTERM").isTrue();
        drain.join(5_000); // the last lines (the access log's, "stopped") are read before anyone looks at them
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            terminate();
        }
    }
}

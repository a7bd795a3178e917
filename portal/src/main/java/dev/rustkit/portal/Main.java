package dev.rustkit.portal;

import dev.rustkit.scaffolder.ArchetypeException;
import dev.rustkit.scaffolder.ArchetypeSpec;
import dev.rustkit.scaffolder.Scaffolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** {@code java -jar rustkit-portal.jar}: serves the portal until SIGTERM or SIGINT, then stops gracefully and exits 0. */
@Command(name = "rustkit-portal", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Serves rustkit's starter-kit portal: the web page, the text help and the HTTP API.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:stopped by SIGTERM or SIGINT, requests in flight answered", "1:could not start",
            "2:invalid options"})
public final class Main implements Callable<Integer> {
    static final int INVALID_OPTIONS = 2;

    @Option(names = "--port", paramLabel = "<port>",
            description = "TCP port to listen on, 0 for any free one (the start-up line names it). Default: $PORT, else 8080.")
    Integer port;

    @Option(names = "--bind", paramLabel = "<address>", defaultValue = "0.0.0.0",
            description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--archetypes", paramLabel = "<jar or dir>",
            description = "Serve these archetype jars (a directory: the jars in it) instead of the ones built in. Repeatable.")
    List<Path> archetypes = new ArrayList<>();

    @Option(names = "--shutdown-timeout", paramLabel = "<seconds>", defaultValue = "30",
            description = "How long requests in flight get to finish after SIGTERM. Default: ${DEFAULT-VALUE}.")
    int shutdownTimeout;

    @Option(names = "--max-concurrent-generations", paramLabel = "<n>",
            description = "How many projects are generated at once (/starter.zip, /starter.tgz, /preview); more wait"
                    + " their turn in arrival order. Default: the number of cores (${DEFAULT-VALUE}).")
    int maxGenerations = Runtime.getRuntime().availableProcessors();

    @Option(names = "--max-queued-generations", paramLabel = "<n>", defaultValue = "256",
            description = "How many generation requests may wait for their turn; beyond that they are answered 503"
                    + " with Retry-After. Default: ${DEFAULT-VALUE}.")
    int maxQueued;

    @Option(names = "--max-queue-wait", paramLabel = "<ms>", defaultValue = "10000",
            description = "How long a generation request may wait for its turn, in milliseconds; after that it is"
                    + " answered 503 with Retry-After. Default: ${DEFAULT-VALUE}.")
    long maxQueueWait;

    public static void main(String[] args) {
        CommandLine command = new CommandLine(new Main());
        command.setExitCodeExceptionMapper(e -> 1);
        command.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("rustkit-portal: " + e.getMessage());
            return e instanceof Usage ? INVALID_OPTIONS : 1;
        });
        System.exit(command.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        int listenOn = port != null ? port : environmentPort();
        if (listenOn < 0 || listenOn > 65535) {
            throw new Usage("--port " + listenOn + ": give a port from 0 to 65535");
        }
        if (shutdownTimeout < 0) {
            throw new Usage("--shutdown-timeout " + shutdownTimeout + ": give a number of seconds, 0 or more");
        }
        if (maxGenerations < 1) {
            throw new Usage("--max-concurrent-generations " + maxGenerations + ": give a number, 1 or more");
        }
        if (maxQueued < 0) {
            throw new Usage("--max-queued-generations " + maxQueued + ": give a number, 0 or more");
        }
        if (maxQueueWait < 1) {
            throw new Usage("--max-queue-wait " + maxQueueWait + ": give a number of milliseconds, 1 or more");
        }
        Scaffolder engine = engine();
        PortalServer server;
        try {
            server = PortalServer.start(engine, bind, listenOn, Duration.ofSeconds(shutdownTimeout), maxGenerations,
                    maxQueued, Duration.ofMillis(maxQueueWait), System.out);
        } catch (IOException e) {
            String reason = e instanceof BindException || e.getCause() instanceof BindException
                    ? (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()) : e.toString();
            throw new IllegalStateException("cannot listen on " + bind + ":" + listenOn + ": " + reason, e);
        }
        // The JVM would exit 143 on SIGTERM; a stop the orchestrator asked for is a clean one: stop, then exit 0.
        Runnable stop = () -> {
            System.out.println("rustkit-portal: stopping; requests in flight get up to " + shutdownTimeout + "s");
            try {
                server.stop();
            } catch (Exception e) {
                System.err.println("rustkit-portal: stop failed: " + e);
            }
        };
        Signal.handle(new Signal("TERM"), signal -> stop.run());
        Signal.handle(new Signal("INT"), signal -> stop.run());
        System.out.printf("rustkit-portal: serving %s on http://%s:%d/%n",
                engine.archetypes().stream().map(ArchetypeSpec::id).collect(Collectors.joining(", ")),
                bind.contains(":") ? "[" + bind + "]" : bind, server.port());
        System.out.flush();
        server.join();
        System.out.println("rustkit-portal: stopped");
        return 0;
    }

    private Scaffolder engine() {
        if (archetypes.isEmpty()) {
            return EmbeddedArchetypes.load();
        }
        for (Path path : archetypes) {
            if (!Files.exists(path)) {
                throw new Usage("--archetypes " + path + ": no such file or directory; give an archetype jar or a"
                        + " directory of them");
            }
        }
        try {
            Scaffolder engine = Scaffolder.fromJars(archetypes);
            if (engine.archetypes().isEmpty()) {
                throw new Usage("--archetypes " + archetypes + ": no archetype jar there");
            }
            return engine;
        } catch (ArchetypeException | UncheckedIOException e) {
            throw new Usage("--archetypes: " + e.getMessage());
        }
    }

    private static int environmentPort() {
        String value = System.getenv("PORT");
        if (value == null || value.isBlank()) {
            return 8080;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new Usage("PORT=" + value + ": give a port from 0 to 65535");
        }
    }

    /** Bad options or environment: exit status 2. */
    static final class Usage extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Usage(String message) {
            super(message, null, false, false);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"rustkit-portal " + (version != null ? version : "(not built as a jar)")};
        }
    }
}

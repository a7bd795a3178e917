package dev.rustkit.verifier;

import dev.rustkit.scaffolder.GeneratedTree;
import dev.rustkit.scaffolder.GenerationRequest;
import dev.rustkit.scaffolder.Scaffolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Generates projects from archetype jars (rustkit's or a fork's) and runs the checks on each: the library behind
 * {@code scaffolder verify}. Projects of one verifier share Cargo target dirs under its work directory, so a second
 * run (or a second matrix entry) compiles only what differs.
 */
public final class Verifier {
    private final Scaffolder scaffolder;
    private final Path workDirectory;
    private final Set<Check> checks;
    private final RunExpectations expectations;
    private final String staticTarget;
    private final Listener listener;
    private boolean lockCompletedByFirstFetch;

    /** Hears about each step as it starts, while it runs (every {@link #HEARTBEAT}) and when it ends. */
    public interface Listener {
        default void generated(String archetype, Map<String, String> properties, Path directory) {}

        default void started(Check check) {}

        default void stillRunning(Check check, Duration elapsed) {}

        default void finished(StepResult result) {}
    }

    static final Duration HEARTBEAT = Duration.ofSeconds(30);

    public Verifier(Scaffolder scaffolder, Path workDirectory, Set<Check> checks, RunExpectations expectations,
            String staticTarget, Listener listener) {
        this.scaffolder = scaffolder;
        this.workDirectory = workDirectory.toAbsolutePath();
        this.checks = checks.isEmpty() ? EnumSet.noneOf(Check.class) : EnumSet.copyOf(checks);
        this.expectations = expectations;
        this.staticTarget = staticTarget;
        this.listener = listener;
    }

    /** See {@link ProjectChecks#lockCompletedByFirstFetch}. */
    public Verifier lockCompletedByFirstFetch(boolean completed) {
        this.lockCompletedByFirstFetch = completed;
        return this;
    }

    /** One report per combination: {@code properties} with each choice of every matrix entry (their product). */
    public List<Report> verify(String archetype, Map<String, String> properties, Map<String, List<String>> matrix) {
        List<Report> reports = new ArrayList<>();
        for (Map<String, String> combination : combinations(properties, matrix)) {
            reports.add(verify(archetype, combination));
        }
        return reports;
    }

    /**
     * Generates the project (invalid properties throw the engine's {@code InvalidPropertiesException} before
     * anything is written) and runs every selected check in {@link Check}'s order. The cargo checks start with
     * {@link Check#FETCH}, which the others need, whether or not it was selected.
     */
    public Report verify(String archetype, Map<String, String> properties) {
        GeneratedTree tree = scaffolder.generate(GenerationRequest.of(archetype, properties));
        String name = tree.properties().get("artifactId");
        Path directory;
        try {
            // One place per archetype and property set, cleared first: a warm run reuses the same paths (cargo keys
            // its artifacts by the crate's path) instead of piling up projects in a cached work dir.
            Path parent = workDirectory.resolve("projects").resolve(archetype + "-" + fingerprint(properties));
            if (Files.exists(parent)) {
                ProjectChecks.deleteTree(parent);
            }
            directory = parent.resolve(name);
            tree.writeTo(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the generated project under " + workDirectory, e);
        }
        listener.generated(archetype, properties, directory);
        ProjectChecks project = new ProjectChecks(new Project(directory, name, cargoEnvironment(), workDirectory),
                expectations, staticTarget).lockCompletedByFirstFetch(lockCompletedByFirstFetch);
        List<StepResult> results = new ArrayList<>();
        EnumSet<Check> toRun = EnumSet.copyOf(checks.isEmpty() ? EnumSet.allOf(Check.class) : checks);
        if (toRun.stream().anyMatch(Check::usesCargo)) {
            toRun.add(Check.FETCH);
        }
        for (Check check : toRun) {
            results.add(step(project, check));
        }
        return new Report(archetype, properties, directory, results);
    }

    private StepResult step(ProjectChecks project, Check check) {
        listener.started(check);
        long started = System.nanoTime();
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "verify-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        ScheduledFuture<?> beat = clock.scheduleAtFixedRate(() -> listener.stillRunning(check,
                Duration.ofNanos(System.nanoTime() - started)), HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(),
                TimeUnit.SECONDS);
        try {
            StepResult result = project.run(check);
            listener.finished(result);
            return result;
        } finally {
            beat.cancel(false);
            clock.shutdownNow();
        }
    }

    /** Registry tokens cargo reads from the environment pass through to every cargo step (never into a file). */
    private static Map<String, String> cargoEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("CARGO_REGISTRIES_") && name.endsWith("_TOKEN") || name.equals("CARGO_REGISTRY_TOKEN")) {
                environment.put(name, value);
            }
        });
        return environment;
    }

    /** A short stable name for a property set. */
    static String fingerprint(Map<String, String> properties) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(properties).forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Map<String, String>> combinations(Map<String, String> properties, Map<String, List<String>> matrix) {
        List<Map<String, String>> combinations = new ArrayList<>(List.of(new LinkedHashMap<>(properties)));
        matrix.forEach((name, values) -> {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> combination : combinations) {
                for (String value : values) {
                    Map<String, String> extended = new LinkedHashMap<>(combination);
                    extended.put(name, value);
                    next.add(extended);
                }
            }
            combinations.clear();
            combinations.addAll(next);
        });
        return combinations;
    }

    /** The outcome for one property set: every step run, in order. */
    public record Report(String archetype, Map<String, String> properties, Path directory, List<StepResult> steps) {
        public Report {
            properties = Map.copyOf(properties);
            steps = List.copyOf(steps);
        }

        public boolean passed() {
            return steps.stream().allMatch(StepResult::passed);
        }

        /** {@code actix-scratch allocator=jemalloc artifactId=orders-api}: names the suite in reports. */
        public String name() {
            StringBuilder name = new StringBuilder(archetype);
            properties.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(entry -> name.append(' ').append(entry.getKey()).append('=').append(entry.getValue()));
            return name.toString();
        }
    }
}

package dev.rustkit.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustkit.verifier.support.Command;
import dev.rustkit.verifier.support.ContainerRun;
import dev.rustkit.verifier.support.Dockerfile;
import dev.rustkit.verifier.support.Elf;
import dev.rustkit.verifier.support.Executables;
import dev.rustkit.verifier.support.Http;
import dev.rustkit.verifier.support.ImageRoot;
import dev.rustkit.verifier.support.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The checks of one generated project, each runnable on its own ({@link #run}) in {@link Check}'s order. What
 * several checks need is made once and kept: the lock as fetched, and the release binary the run check starts.
 */
public final class ProjectChecks {
    /** The static stand-in for the Dockerfiles' musl target where only the gnu target is installed. */
    public static final String DEFAULT_TARGET = "x86_64-unknown-linux-gnu";

    private final Project project;
    private final RunExpectations expectations;
    private final String staticTarget;
    private boolean lockCompletedByFirstFetch;
    private String lockAsFetched;
    private Path binary;

    public ProjectChecks(Project project, RunExpectations expectations, String staticTarget) {
        this.project = project;
        this.expectations = expectations;
        this.staticTarget = staticTarget;
    }

    public ProjectChecks(Project project) {
        this(project, RunExpectations.DEFAULT, DEFAULT_TARGET);
    }

    public Project project() {
        return project;
    }

    /**
     * For a template whose lock cannot be complete as shipped (a crate from a private registry, whose checksum the
     * template cannot know): the fetch step first runs a plain {@code cargo fetch}, which completes the lock, then
     * {@code --locked}; the lock check then holds the lock to that completed state.
     */
    public ProjectChecks lockCompletedByFirstFetch(boolean completed) {
        this.lockCompletedByFirstFetch = completed;
        return this;
    }

    /** Runs one check: never throws; what went wrong is in the result. */
    public StepResult run(Check check) {
        long started = System.nanoTime();
        StepResult.Status status;
        String detail;
        try {
            detail = perform(check);
            status = StepResult.Status.PASSED;
        } catch (Executables.MissingToolException | CannotRun | ImageRoot.NoStandInException e) {
            status = StepResult.Status.NOT_RUN;
            detail = "cannot run: " + e.getMessage();
        } catch (AssertionError | RuntimeException | IOException e) {
            status = StepResult.Status.FAILED;
            detail = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        return new StepResult(check, status, Duration.ofNanos(System.nanoTime() - started), detail);
    }

    private String perform(Check check) throws IOException {
        return switch (check) {
            case TALLY -> Command.of(Executables.find("tally").toString(), "lint", "--slow-checks", "off",
                    "--fail-level", "error", "Dockerfile").in(project.directory()).runOrFail().output();
            case HADOLINT -> Command.of(Executables.find("hadolint").toString(), "--no-color", "--failure-threshold",
                    // DL3002 is a warning to hadolint; an image whose last USER is root fails here.
                    "error", "--error", "DL3002", "Dockerfile").in(project.directory()).runOrFail().output();
            case ACTIONLINT -> Command.of(withArguments(List.of(Executables.find("actionlint").toString(),
                    "-color=false"), workflows())).in(project.directory()).runOrFail().output();
            case ZIZMOR -> zizmor();
            case FETCH -> fetch();
            case DENY -> cargoSubcommand("deny", "--offline", "check", "bans", "licenses", "sources").output();
            case FMT -> cargo("debug", "fmt", "--check").runOrFail().output();
            case CLIPPY -> cargo("debug", "clippy", "--all-targets", "--locked", "--", "-D", "warnings")
                    .runOrFail().output();
            case TEST -> cargo("debug", "test", "--locked").runOrFail().output();
            case BUILD -> {
                Path built = releaseBinary();
                yield built + ": " + Files.size(built) + " bytes";
            }
            case RUN -> runLikeTheImage(releaseBinary());
            case LOCK -> lockUnchanged();
        };
    }

    /** Cargo.lock as {@link Check#FETCH} left it (fetching first if no step has yet). */
    public String lockAsFetched() {
        if (lockAsFetched == null) {
            fetch();
        }
        return lockAsFetched;
    }

    private String fetch() {
        String first = lockCompletedByFirstFetch ? cargo("debug", "fetch").runOrFail().output() : "";
        String output = first + cargo("debug", "fetch", "--locked").runOrFail().output();
        lockAsFetched = project.read("Cargo.lock");
        return output;
    }

    private String lockUnchanged() {
        String expected = lockAsFetched();
        assertThat(project.read("Cargo.lock")).as("Cargo.lock after the builds").isEqualTo(expected);
        // Without --locked cargo rewrites a lock it would have written differently: what a user's first
        // `cargo run` does to a fresh checkout.
        cargo("debug", "metadata", "--format-version", "1", "--offline").runOrFail();
        assertThat(project.read("Cargo.lock")).as("Cargo.lock after a plain cargo metadata").isEqualTo(expected);
        return "unchanged";
    }

    private String zizmor() {
        List<String> argv = new ArrayList<>(List.of(Executables.find("zizmor").toString(), "--offline",
                "--no-progress"));
        if (Files.isRegularFile(project.file(".github/zizmor.yml"))) {
            argv.addAll(List.of("--config", ".github/zizmor.yml"));
        }
        return Command.of(withArguments(argv, workflows())).in(project.directory()).runOrFail().output();
    }

    private List<String> workflows() {
        Path directory = project.file(".github/workflows");
        if (!Files.isDirectory(directory)) {
            throw new AssertionError("the project has no .github/workflows directory");
        }
        try (Stream<Path> files = Files.list(directory)) {
            List<String> found = files.map(path -> project.directory().relativize(path).toString())
                    .filter(name -> name.endsWith(".yml") || name.endsWith(".yaml")).sorted().toList();
            assertThat(found).as("workflow files in .github/workflows").isNotEmpty();
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The release binary the image ships, built once: fully static for a base without a C library
     * ({@code --target} with {@code +crt-static}, which keeps build scripts and proc macros dynamic), dynamic
     * against this machine's glibc for a glibc base. Copied out of the target dir, which later builds reuse.
     */
    public synchronized Path releaseBinary() {
        if (binary != null) {
            return binary;
        }
        Dockerfile.Stage image = Dockerfile.parse(project.read("Dockerfile")).finalStage();
        boolean glibc = ImageRoot.providesGlibc(image.base());
        Path built;
        if (glibc) {
            cargo("dynamic", "build", "--release", "--locked").runOrFail();
            built = project.targetDirectory("dynamic").resolve("release").resolve(project.name());
            assertLinksOnlyWhatTheBaseProvides(built);
        } else {
            cargo("static", "build", "--release", "--locked", "--target", staticTarget)
                    .env("RUSTFLAGS", "-C target-feature=+crt-static").runOrFail();
            built = project.targetDirectory("static").resolve(staticTarget).resolve("release")
                    .resolve(project.name());
            Elf.assertFullyStatic(built);
        }
        try {
            Path copy = project.workDirectory().resolve("bin").resolve(project.directory().getParent()
                    .getFileName().toString()).resolve(project.name());
            Files.createDirectories(copy.getParent());
            Files.copy(built, copy, StandardCopyOption.REPLACE_EXISTING);
            binary = copy;
            return binary;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertLinksOnlyWhatTheBaseProvides(Path binary) {
        String dynamic = Command.of("readelf", "--wide", "--dynamic", "--program-headers", binary.toString())
                .runOrFail().output();
        assertThat(dynamic).as("the glibc build is dynamically linked").contains("Requesting program interpreter");
        List<String> needed = dynamic.lines().filter(line -> line.contains("(NEEDED)"))
                .map(line -> line.replaceFirst(".*Shared library: \\[(.*)\\].*", "$1")).toList();
        assertThat(needed).as("shared libraries the binary needs: glibc's and libgcc_s, which the base provides")
                .allMatch(library -> library.matches("lib(c|m|dl|pthread|rt|gcc_s)\\.so\\.\\d+")
                        || library.startsWith("ld-linux"));
    }

    /**
     * The binary in a read-only root holding only what the final stage puts there, as PID 1 of its own PID
     * namespace, as the image's numeric USER: it answers /health and /ready, its HEALTHCHECK command exits 0 (and 1
     * with nothing listening), and SIGTERM ends it with status 0 — again with an idle keep-alive connection open.
     */
    public String runLikeTheImage(Path binary) throws IOException {
        if (!"0".equals(Command.of("id", "-u").runOrFail().output().strip())) {
            throw new CannotRun("the run check needs root, as a container runtime does (unshare --pid, chroot"
                    + " --userspec, a read-only bind mount): run verify as root, e.g. in a privileged CI container,"
                    + " or exclude it with --checks");
        }
        Dockerfile dockerfile = Dockerfile.parse(project.read("Dockerfile"));
        Dockerfile.Stage image = dockerfile.finalStage();
        String user = image.last("USER").orElseThrow(() -> new AssertionError("final stage has no USER"))
                .arguments().get(0);
        assertThat(user).as("USER is numeric uid:gid and not root, so runAsNonRoot can verify it")
                .matches("[1-9][0-9]*:[0-9]+");
        List<String> entrypoint = image.last("ENTRYPOINT")
                .orElseThrow(() -> new AssertionError("final stage has no ENTRYPOINT")).execForm();
        List<String> healthcheck = image.last("HEALTHCHECK")
                .orElseThrow(() -> new AssertionError("final stage has no HEALTHCHECK")).execForm();

        Path root = Files.createTempDirectory(Files.createDirectories(project.workDirectory()), "image-root-");
        // An image's / is 0755; a temp directory is 0700, which the image's USER could not even enter.
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        StringBuilder log = new StringBuilder();
        try {
            ImageRoot.assemble(dockerfile, project.name(), binary, root);
            for (String secret : project.cargoEnvironment().values()) {
                assertThat(Secrets.filesContaining(root, secret)).as("image files holding a secret").isEmpty();
            }
            int port = ContainerRun.freePort();
            Map<String, String> environment = Map.of("PORT", Integer.toString(port));
            try (ContainerRun run = ContainerRun.start(root, user, entrypoint, environment)) {
                assertThat(Http.awaitOk(port, "/health", Duration.ofSeconds(15), run::isAlive))
                        .as("/health answers 200 within 15 s; service output:\n%s", run.output()).isTrue();
                assertThat(run.serviceUidAndGid()).as("the service runs as the image's USER").isEqualTo(user);
                for (String expected : expectations.startupLogContains()) {
                    assertThat(run.output()).as("startup log").contains(expected);
                }
                assertThat(Http.get(port, "/ready")).map(Http.Response::status).as("/ready").contains(200);
                Command.Result probe = ContainerRun.exec(root, user, healthcheck, environment).run();
                assertThat(probe.exitCode()).as("HEALTHCHECK command: %s", probe.describe()).isZero();
                Command.Result probeElsewhere = ContainerRun.exec(root, user, healthcheck,
                        Map.of("PORT", Integer.toString(ContainerRun.freePort()))).run();
                assertThat(probeElsewhere.exitCode()).as("healthcheck with nothing listening: %s",
                        probeElsewhere.describe()).isEqualTo(1);

                long signalled = System.nanoTime();
                run.sigterm();
                if (expectations.readyTurns503OnSigterm()) {
                    // The shutdown delay: not ready at once (load balancers stop routing here), yet still serving.
                    // The signal is handled asynchronously, so /ready is polled.
                    assertThat(Http.awaitStatus(port, "/ready", 503, Duration.ofMillis(700), run::isAlive, 5))
                            .as("/ready answers 503 soon after SIGTERM; output:%n%s", run.output()).isTrue();
                    assertThat(Http.get(port, "/health")).map(Http.Response::status)
                            .as("/health during the shutdown delay").contains(200);
                }
                Optional<Integer> exit = run.awaitExit(expectations.sigtermGrace());
                Duration took = Duration.ofNanos(System.nanoTime() - signalled);
                assertThat(exit).as("exit after SIGTERM within %s (took %s ms); output:\n%s",
                        expectations.sigtermGrace(), took.toMillis(), run.output()).contains(0);
                assertThat(took).as("SIGTERM → exit includes the shutdown delay")
                        .isGreaterThanOrEqualTo(expectations.minimumShutdownDelay());
                log.append("SIGTERM → exit 0 in ").append(took.toMillis()).append(" ms\n");
            }
            try (ContainerRun run = ContainerRun.start(root, user, entrypoint, environment)) {
                assertThat(Http.awaitOk(port, "/health", Duration.ofSeconds(15), run::isAlive))
                        .as("/health answers 200 on the second start; output:\n%s", run.output()).isTrue();
                try (Socket idle = Http.openIdleConnection(port, "/health")) {
                    long signalled = System.nanoTime();
                    run.sigterm();
                    Optional<Integer> exit = run.awaitExit(expectations.idleConnectionGrace());
                    Duration took = Duration.ofNanos(System.nanoTime() - signalled);
                    assertThat(exit).as("with an idle keep-alive connection open, exit 0 after SIGTERM within %s"
                            + " (took %s ms); output:%n%s", expectations.idleConnectionGrace(), took.toMillis(),
                            run.output()).contains(0);
                    log.append("with an idle keep-alive connection: exit 0 in ").append(took.toMillis())
                            .append(" ms\n");
                }
            }
        } finally {
            deleteTree(root);
        }
        return log.toString();
    }

    /** cargo in this project, with a target dir shared by every project of the same build kind. */
    public Command cargo(String targetKind, String... arguments) {
        return Command.of(withArguments(List.of("cargo"), List.of(arguments)))
                .in(project.directory())
                .env("CARGO_TARGET_DIR", project.targetDirectory(targetKind).toString())
                .env("CARGO_TERM_COLOR", "never")
                .env("CARGO_INCREMENTAL", "0")
                .env(project.cargoEnvironment());
    }

    /** A cargo subcommand installed as a program ({@code cargo-deny}), which must be on PATH. */
    private Command.Result cargoSubcommand(String subcommand, String... arguments) {
        Executables.find("cargo-" + subcommand);
        return Command.of(withArguments(List.of("cargo", subcommand), List.of(arguments))).in(project.directory())
                .env("CARGO_TERM_COLOR", "never").env(project.cargoEnvironment()).runOrFail();
    }

    private static List<String> withArguments(List<String> head, List<String> tail) {
        List<String> argv = new ArrayList<>(head);
        argv.addAll(tail);
        return argv;
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A check this machine cannot perform (as opposed to one the project fails). */
    static final class CannotRun extends RuntimeException {
        CannotRun(String message) {
            super(message);
        }
    }
}

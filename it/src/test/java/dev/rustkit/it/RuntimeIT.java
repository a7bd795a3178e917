package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.rustkit.verifier.Check;
import dev.rustkit.verifier.ProjectChecks;
import dev.rustkit.verifier.support.Command;
import dev.rustkit.verifier.support.ContainerRun;
import dev.rustkit.verifier.support.Dockerfile;
import dev.rustkit.verifier.support.Elf;
import dev.rustkit.verifier.support.Http;
import dev.rustkit.verifier.support.ImageRoot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The {@code runtime} property: each of the five runtime images, for both archetypes that offer it, generated with
 * real Maven, linted, and its final and {@code debug} stages assembled from BuildKit's parse of the Dockerfile and
 * run here as PID 1 in a read-only root as the stage's USER.
 *
 * <p>Real: the Dockerfile, its parse, the lints, the service binaries (static for the musl runtimes, standing in for
 * the image's musl build as in {@link GeneratedServiceIT}; a dynamic gnu build for the glibc runtimes, linked against
 * this machine's Debian 12 glibc, the one distroless/cc-debian12 and debian:12-slim ship), and the shared libraries
 * it loads. Stand-ins, built by {@link ImageRoot}: the base images' files (distroless' passwd/group and /tmp,
 * Debian's CA bundle for every base's, Debian's busybox-static for the shell of alpine, busybox and the distroless
 * debug images), and the effect of the runtime stages' user-creating RUNs, parsed from the Dockerfile. The builds
 * are shared: one static and one dynamic build per framework, whatever the runtime, the static one GeneratedServiceIT's
 * (the same default project).
 *
 * <p>The class runs beside the others (junit-platform.properties): run last and alone, its fat-LTO links, lints and
 * image runs left one core idle for minutes; beside GeneratedServiceIT's last archetypes and MavenPluginIT they fill
 * the core those leave idle. Image names are unique per commit ({@link BuildahImage}), its projects are its own and
 * the static binaries it shares come from synchronized memos. Its own steps run in order.
 */
@Execution(ExecutionMode.CONCURRENT)
class RuntimeIT {
    static final List<String> RUNTIMES = List.of("scratch", "distroless-static", "distroless-cc", "alpine",
            "debian-slim");
    private static final Set<String> GLIBC = Set.of("distroless-cc", "debian-slim");

    @TestFactory
    @Execution(ExecutionMode.SAME_THREAD)
    Stream<DynamicNode> everyRuntimeLintsAndItsImageAndDebugStagesRun() {
        return Archetype.selected().stream()
                .filter(archetype -> archetype == Archetype.ACTIX_SCRATCH || archetype == Archetype.ROCKET_DISTROLESS)
                .map(archetype -> dynamicContainer(archetype.id(), runtimes(archetype)));
    }

    private Stream<DynamicNode> runtimes(Archetype archetype) {
        Supplier<GeneratedProject> reference = () -> GeneratedServiceIT.defaultProject(archetype);
        Supplier<Path> staticBinary = () -> GeneratedServiceIT.defaultStaticBinary(archetype);
        Supplier<Path> dynamicBinary = GeneratedServiceIT.memoize(() -> buildDynamic(reference.get()));
        return RUNTIMES.stream().map(runtime -> {
            Supplier<GeneratedProject> project = GeneratedServiceIT.memoize(() -> {
                Map<String, String> properties = archetype.properties();
                properties.put("runtime", runtime);
                return GeneratedProject.generate(archetype, properties);
            });
            boolean glibc = GLIBC.contains(runtime);
            Supplier<Path> binary = glibc ? dynamicBinary : staticBinary;
            return dynamicContainer("runtime=" + runtime, Stream.of(
                    dynamicTest("only the image files differ from the default runtime's: the service is the same",
                            () -> assertSameServiceAs(reference.get(), project.get())),
                    dynamicTest("the Dockerfile passes the verifier's tally and hadolint checks", () -> {
                        ProjectChecks checks = new ProjectChecks(project.get().verifierProject());
                        checks.run(Check.TALLY).assertPassed();
                        checks.run(Check.HADOLINT).assertPassed();
                    }),
                    dynamicTest(glibc
                                    ? "glibc: built on rust:*-bookworm, the runtime's Debian 12; the binary is dynamic"
                                            + " and every library it needs is in the root"
                                    : "musl: built on rust:*-alpine for a static binary",
                            () -> assertBuildFollowsRuntime(project.get(), glibc, binary.get())),
                    dynamicTest("the image's final stage runs as PID 1 in a read-only root as its USER: /health,"
                                    + " /ready, healthcheck, SIGTERM",
                            () -> GeneratedServiceIT.runLikeTheImage(project.get(), binary.get())),
                    dynamicTest("buildah commits the final stage as an image that runs as its USER and answers"
                            + " /health", () -> GeneratedServiceIT.buildAndRunImage(project.get(), binary.get())),
                    dynamicTest("the debug target: same binary, user, port and entrypoint; its shell runs, and so"
                            + " does the service", () -> assertDebugStage(project.get(), binary.get()))));
        });
    }

    /** The crate is the same whatever the runtime, so one build per framework serves every runtime. */
    private static void assertSameServiceAs(GeneratedProject reference, GeneratedProject project) throws IOException {
        Set<String> imageFiles = Set.of("Dockerfile", "README.md", ".github/workflows/ci.yml");
        List<String> files;
        try (Stream<Path> walk = Files.walk(reference.directory())) {
            files = walk.filter(Files::isRegularFile).map(path -> reference.directory().relativize(path).toString())
                    .filter(path -> !path.startsWith("target")).sorted().toList();
        }
        for (String file : files) {
            if (!imageFiles.contains(file)) {
                assertThat(project.file(file)).as(file).hasSameBinaryContentAs(reference.file(file));
            }
        }
    }

    private static void assertBuildFollowsRuntime(GeneratedProject project, boolean glibc, Path binary) {
        Dockerfile dockerfile = Dockerfile.parse(project.read("Dockerfile"));
        String chef = dockerfile.stage("chef").orElseThrow().base();
        String rustVersion = project.properties().getOrDefault("rustVersion", "1.95.0");
        if (!glibc) {
            assertThat(chef).isEqualTo("rust:" + rustVersion + "-alpine3.22");
            Elf.assertFullyStatic(binary);
            return;
        }
        assertThat(chef).isEqualTo("rust:" + rustVersion + "-bookworm");
        String dynamic = Command.of("readelf", "--wide", "--dynamic", "--program-headers", binary.toString())
                .runOrFail().output();
        assertThat(dynamic).as("the gnu build is dynamically linked").contains("Requesting program interpreter")
                .contains("(NEEDED)");
        List<String> needed = dynamic.lines().filter(line -> line.contains("(NEEDED)"))
                .map(line -> line.replaceFirst(".*Shared library: \\[(.*)\\].*", "$1")).toList();
        Path root = tempRoot("glibc-root-");
        try {
            List<Path> copied = ImageRoot.sharedLibraries(binary, root);
            assertThat(copied.stream().map(path -> path.getFileName().toString()))
                    .as("libraries ldd resolves cover every NEEDED entry").containsAll(needed);
            System.out.printf("[rustkit] %s: dynamic binary needs %s%n", project.archetype(), needed);
        } finally {
            GeneratedServiceIT.deleteTree(root);
        }
    }

    private static void assertDebugStage(GeneratedProject project, Path binary) throws IOException {
        Dockerfile dockerfile = Dockerfile.parse(project.read("Dockerfile"));
        Dockerfile.Stage image = dockerfile.finalStage();
        Dockerfile.Stage debug = dockerfile.stage("debug").orElseThrow(() -> new AssertionError("no debug stage"));
        assertThat(dockerfile.stages().indexOf(debug)).as("debug is never the default (last) target")
                .isLessThan(dockerfile.stages().size() - 1);
        for (String instruction : List.of("USER", "ENTRYPOINT", "ENV", "EXPOSE")) {
            assertThat(debug.last(instruction).map(Dockerfile.Instruction::arguments))
                    .as("debug %s as in the image", instruction)
                    .isEqualTo(image.last(instruction).map(Dockerfile.Instruction::arguments));
        }
        String shell = ImageRoot.SHELLS.get(debug.base());
        assertThat(shell).as("debug base %s promises a shell", debug.base()).isNotNull();
        String user = debug.last("USER").orElseThrow().arguments().get(0);
        List<String> entrypoint = debug.last("ENTRYPOINT").orElseThrow().execForm();
        Path root = tempRoot("debug-root-");
        try {
            ImageRoot.assemble(dockerfile, debug, project.name(), binary, root);
            Command.Result sh = ContainerRun.exec(root, user, List.of(shell, "-c", "echo \"$0 runs\""),
                    Map.of()).run();
            assertThat(sh.exitCode()).as("%s as %s: %s", shell, user, sh.describe()).isZero();
            assertThat(sh.output()).contains(shell + " runs");
            int port = ContainerRun.freePort();
            try (ContainerRun run = ContainerRun.start(root, user, entrypoint, Map.of("PORT",
                    Integer.toString(port)))) {
                assertThat(Http.awaitOk(port, "/health", Duration.ofSeconds(15), run::isAlive))
                        .as("debug stage answers /health; output:%n%s", run.output()).isTrue();
                run.sigterm();
                Optional<Integer> exit = run.awaitExit(Duration.ofSeconds(3));
                assertThat(exit).as("exit 0 after SIGTERM; output:%n%s", run.output()).contains(0);
            }
        } finally {
            GeneratedServiceIT.deleteTree(root);
        }
    }

    /** The gnu build as the glibc runtimes' builder makes it: the host triple, no crt-static, so dynamic. */
    private static Path buildDynamic(GeneratedProject project) {
        Command.Result build = project.cargo("dynamic", "build", "--release", "--locked", "--target",
                "x86_64-unknown-linux-gnu").env("RUSTFLAGS", "").runOrFail();
        Path binary = TestSettings.workDirectory().resolve("bin-dynamic").resolve(project.archetype().id())
                .resolve(project.name());
        try {
            Files.createDirectories(binary.getParent());
            Files.copy(TestSettings.workDirectory().resolve("cargo-dynamic/x86_64-unknown-linux-gnu/release")
                    .resolve(project.name()), binary, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf("[rustkit] %s: dynamic gnu release build %d s, binary %,d bytes%n", project.archetype(),
                build.took().toSeconds(), binary.toFile().length());
        return binary;
    }

    private static Path tempRoot(String prefix) {
        try {
            Path root = Files.createTempDirectory(TestSettings.workDirectory(), prefix);
            // An image's / is 0755; a temp directory is 0700, which the image's USER could not even enter.
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

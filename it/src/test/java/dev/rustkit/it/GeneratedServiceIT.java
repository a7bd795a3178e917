package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.rustkit.scaffolder.archetype.RustReleases;
import dev.rustkit.verifier.Check;
import dev.rustkit.verifier.ProjectChecks;
import dev.rustkit.verifier.RunExpectations;
import dev.rustkit.verifier.support.Command;
import dev.rustkit.verifier.support.ContainerRun;
import dev.rustkit.verifier.support.Dockerfile;
import dev.rustkit.verifier.support.Elf;
import dev.rustkit.verifier.support.Http;
import dev.rustkit.verifier.support.ImageRoot;
import dev.rustkit.verifier.support.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * Every archetype, generated with real Maven and odd names, then checked the way its user and its CI would: format,
 * lints, tests, a static release build, and the binary run as PID 1 of an empty root holding only what the
 * Dockerfile's final stage puts there. Each archetype is one container of ordered steps sharing one generation.
 */
class GeneratedServiceIT {
    /**
     * The services' default 1 s shutdown delay (SHUTDOWN_DELAY_MS), then an immediate stop (measured about 1.005 s in
     * all): the 2 s the generated README's "What is checked where" promises.
     */
    private static final Duration SIGTERM_GRACE = Duration.ofSeconds(2);

    @TestFactory
    Stream<DynamicNode> everyArchetypeGeneratesAServiceThatBuildsPassesItsChecksAndRuns() {
        return Archetype.selected().stream().map(archetype -> dynamicContainer(archetype.id(), steps(archetype)));
    }

    private Stream<DynamicNode> steps(Archetype archetype) {
        boolean registry = archetype.needsPrivateRegistry();
        Supplier<GeneratedProject> generated = registry ? memoize(() -> generateOwnWorkspace(archetype))
                : () -> defaultProject(archetype);
        // What the service's own steps see: every crate of the lock downloaded; for private-registry also the token
        // in cargo's environment and a lock completed by the documented first fetch (the registry steps below check
        // that fetch on the way).
        Supplier<GeneratedProject> project = registry ? memoize(() -> ready(generated.get())) : generated;
        Supplier<ProjectChecks> checks = registry ? memoize(() -> checksFor(project.get()))
                : () -> defaultChecks(archetype);
        Supplier<Path> staticBinary = registry ? memoize(() -> buildStatic(checks.get()))
                : () -> defaultStaticBinary(archetype);
        Stream<DynamicNode> registrySteps = registry ? registrySteps(generated) : Stream.empty();
        Stream<DynamicNode> platformSteps = archetype == Archetype.MULTIARCH_BUILDX
                ? Stream.of(dynamicTest("docker/rust-target maps amd64 and arm64, and refuses what it cannot build",
                        () -> assertPlatformMapping(generated.get())))
                : Stream.empty();
        // The profile section is one fragment shared by every archetype, and this build is a full dependency build
        // of its own: once, for actix-scratch.
        Stream<DynamicNode> profileSteps = archetype == Archetype.ACTIX_SCRATCH
                ? Stream.of(dynamicTest("the inner-loop profile: cargo-chef cook and build with --profile fast-build"
                        + " ship a working service, and after cook the build compiles only the service crate", () ->
                        assertFastBuildProfileServes(project.get())))
                : Stream.empty();
        // The verifier's checks (what `scaffolder verify` runs for teams' own templates), in its order, with the
        // rustkit-specific steps between them.
        Stream<DynamicNode> serviceSteps = Stream.of(
                verifierStep(checks, Check.TALLY),
                verifierStep(checks, Check.HADOLINT),
                verifierStep(checks, Check.ACTIONLINT),
                verifierStep(checks, Check.ZIZMOR),
                verifierStep(checks, Check.FETCH),
                verifierStep(checks, Check.DENY),
                verifierStep(checks, Check.FMT),
                verifierStep(checks, Check.CLIPPY),
                verifierStep(checks, Check.TEST),
                dynamicTest("rust-toolchain.toml, the Dockerfile's rust image and rust-version agree", () ->
                        assertToolchainPinsAgree(project.get())),
                dynamicTest(Check.BUILD.id() + ": " + Check.BUILD.title(), staticBinary::get),
                verifierStep(checks, Check.RUN),
                dynamicTest("SIGTERM under load: every request written before the signal is answered ("
                        + DrainUnderLoad.RUNS + " runs of bench/probe.py drain)", () ->
                        DrainUnderLoad.assertNothingWrittenBeforeSigtermIsDropped(staticBinary.get(),
                                Files.createTempDirectory(TestSettings.workDirectory(), "drain-"))),
                dynamicTest("cargo-chef prepare, cook and build with the Dockerfile's flags ship the real service, and"
                        + " after cook the build compiles only the service crate", () -> {
                    ChefReplay.Result replay = ChefReplay.replay(project.get(),
                            Files.createTempDirectory(TestSettings.workDirectory(), "chef-"));
                    assertThat(replay.compiledAfterCook()).as("crates cargo build compiled after cook")
                            .containsExactly(project.get().name());
                    assertAnswersHealth(replay.binary());
                    System.out.printf("[rustkit] %s: build after cook %d s%n", archetype, replay.build().toSeconds());
                }),
                dynamicTest("buildah commits the final stage as an image that runs as its USER and answers /health",
                        () -> buildAndRunImage(project.get(), staticBinary.get())),
                dynamicTest("the image follows the Dockerfile: an edited final stage gives an image with exactly"
                        + " those edits", () -> assertImageFollowsDockerfileEdits(project.get(), staticBinary.get())),
                dynamicTest("every allocator choice builds, and the binary carries and runs on the one chosen", () ->
                        assertEveryAllocatorChoiceIsWired(archetype, staticBinary.get())),
                verifierStep(checks, Check.LOCK));
        return Stream.of(registrySteps, serviceSteps, profileSteps, platformSteps).flatMap(steps -> steps);
    }

    private static GeneratedProject generateOwnWorkspace(Archetype archetype) {
        GeneratedProject fresh = generate(archetype, Map.of());
        fresh.assertItIsItsOwnWorkspace();
        return fresh;
    }

    private static final Map<Archetype, Supplier<GeneratedProject>> DEFAULT_PROJECTS = new ConcurrentHashMap<>();
    private static final Map<Archetype, Supplier<ProjectChecks>> DEFAULT_CHECKS = new ConcurrentHashMap<>();
    private static final Map<Archetype, Supplier<Path>> DEFAULT_STATIC_BINARIES = new ConcurrentHashMap<>();

    /**
     * An archetype's project with its default properties, every crate of its lock downloaded: one per archetype for
     * the whole suite run (failsafe runs every class in one JVM), not for private-registry, whose steps start from
     * the project before its first fetch. RuntimeIT's reference project and MuslBuildIT's are this one, so RuntimeIT's
     * runtimes run the static binary these steps built rather than a second build of the same sources.
     */
    static GeneratedProject defaultProject(Archetype archetype) {
        assertThat(archetype.needsPrivateRegistry()).as("a default project needs no registry").isFalse();
        return DEFAULT_PROJECTS.computeIfAbsent(archetype, key -> memoize(() -> ready(generateOwnWorkspace(key))))
                .get();
    }

    private static ProjectChecks defaultChecks(Archetype archetype) {
        return DEFAULT_CHECKS.computeIfAbsent(archetype, key -> memoize(() -> checksFor(defaultProject(key)))).get();
    }

    /** {@link #defaultProject}'s static release binary, built once by the verifier's build check. */
    static Path defaultStaticBinary(Archetype archetype) {
        return DEFAULT_STATIC_BINARIES.computeIfAbsent(archetype, key -> memoize(() ->
                buildStatic(defaultChecks(key)))).get();
    }

    /**
     * The private registry's promises, in the order a new user meets them: without the token cargo says which
     * variable it wants; the shipped lock is refused by --locked until the first fetch; that fetch adds the
     * internal crate and changes no other entry; and the token ends up in no file, recipe or image.
     */
    private Stream<DynamicNode> registrySteps(Supplier<GeneratedProject> generated) {
        String variable = "CARGO_REGISTRIES_ACME_INTERNAL_TOKEN";
        return Stream.of(
                dynamicTest("without the token cargo fails and names the token variable", () -> {
                    Command.Result fetch = generated.get().cargo("debug", "fetch").run();
                    assertThat(fetch.exitCode()).as(fetch.describe()).isNotZero();
                    assertThat(fetch.output()).contains("no token found for `" + Archetype.REGISTRY_NAME + "`")
                            .contains(variable);
                }),
                dynamicTest("--locked refuses the shipped lock until the internal crate is fetched", () -> {
                    String lock = generated.get().read("Cargo.lock");
                    Command.Result build = withToken(generated.get()).cargo("debug", "build", "--locked").run();
                    assertThat(build.exitCode()).as(build.describe()).isNotZero();
                    assertThat(build.output()).contains("--locked");
                    assertThat(generated.get().read("Cargo.lock")).as("the refused lock is untouched").isEqualTo(lock);
                }),
                dynamicTest("the first fetch adds the internal crate to Cargo.lock and changes no other entry", () -> {
                    GeneratedProject project = generated.get();
                    List<String> before = CargoLock.packages(project.read("Cargo.lock"));
                    GeneratedProject ready = ready(project);
                    List<String> after = CargoLock.packages(ready.read("Cargo.lock"));
                    List<String> added = after.stream().filter(block -> !before.contains(block)).toList();
                    List<String> removed = before.stream().filter(block -> !after.contains(block)).toList();
                    assertThat(added).as("entries the fetch added or rewrote").hasSize(2)
                            .anySatisfy(block -> assertThat(block).startsWith("[[package]]\nname = \"" + Archetype.INTERNAL_CRATE
                                    + "\"\nversion = \"" + Archetype.INTERNAL_CRATE_VERSION + "\"\nsource = \"sparse+"
                                    + registryIndex() + "\""))
                            .anySatisfy(block -> assertThat(block).startsWith("[[package]]\nname = \"" + project.name() + "\"")
                                    .contains("\"" + Archetype.INTERNAL_CRATE + "\""));
                    assertThat(removed).as("entries the fetch replaced: only the service's own dependency list")
                            .singleElement().asString().startsWith("[[package]]\nname = \"" + project.name() + "\"");
                }),
                dynamicTest("the Dockerfile hands cargo the token only as a BuildKit secret: mounted on every builder"
                        + " RUN that runs cargo, named by no ARG, ENV or LABEL", () ->
                        assertThat(PrivateRegistry.tokenPathProblems(Dockerfile.parse(generated.get().read("Dockerfile")),
                                Archetype.REGISTRY_NAME)).as("where the token path breaks").isEmpty()),
                dynamicTest("scaffolder verify on this archetype: fetch fails on the shipped lock unless"
                        + " --first-fetch-completes-lock, then fetch, deny and lock pass with the token from the"
                        + " environment", () -> {
                    List<String> verify = new ArrayList<>(List.of(
                            TestSettings.repoRoot().resolve("scripts/scaffolder").toString(), "verify",
                            Archetype.PRIVATE_REGISTRY.id(), "--archetypes",
                            Scaffolding.installedJar(Archetype.PRIVATE_REGISTRY).toString(),
                            "--checks", "fetch,deny,lock", "--work-dir", TestSettings.workDirectory().toString()));
                    Archetype.PRIVATE_REGISTRY.properties(registryIndex()).forEach((name, value) -> {
                        verify.add("-p");
                        verify.add(name + "=" + value);
                    });
                    Command.Result locked = Command.of(verify).env(registry().cargoEnv(Archetype.REGISTRY_NAME)).run();
                    assertThat(locked.exitCode()).as(locked.describe()).isEqualTo(1);
                    assertThat(locked.output()).contains("[FAIL] fetch").contains("--locked");
                    verify.add("--first-fetch-completes-lock");
                    Command.Result completed = Command.of(verify).env(registry().cargoEnv(Archetype.REGISTRY_NAME))
                            .run();
                    assertThat(completed.exitCode()).as(completed.describe()).isZero();
                    assertThat(completed.output()).contains("[PASS] fetch", "[PASS] deny", "[PASS] lock");
                }),
                dynamicTest("the token is in no generated file and no cargo-chef recipe", () -> {
                    GeneratedProject project = ready(generated.get());
                    Path recipe = project.directory().resolve("target-recipe.json");
                    TestSettings.cargoSubcommand("chef", "prepare", "--recipe-path", recipe.toString())
                            .in(project.directory()).env(project.cargoEnvironment()).runOrFail();
                    assertThat(Files.readString(recipe)).as("recipe.json").contains(registryIndex())
                            .doesNotContain(registry().token());
                    Files.delete(recipe);
                    assertThat(Secrets.filesContaining(project.directory(), registry().token())).isEmpty();
                }));
    }

    static void buildAndRunImage(GeneratedProject project, Path binary) throws IOException {
        Dockerfile dockerfile = Dockerfile.parse(project.read("Dockerfile"));
        Dockerfile.Stage image = dockerfile.finalStage();
        String user = image.last("USER").orElseThrow().arguments().get(0);
        List<String> entrypoint = image.last("ENTRYPOINT").orElseThrow().execForm();
        Path root = Files.createTempDirectory(TestSettings.workDirectory(), "image-root-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        try {
            ImageRoot.assemble(dockerfile, project.name(), binary, root);
            try (BuildahImage built = BuildahImage.commit(image, root, TestSettings.workDirectory().resolve("buildah"),
                    project.name())) {
                assertThat(built.inspect("{{.OCIv1.Config.User}}")).as("image user").isEqualTo(user);
                assertThat(built.inspect("{{.OCIv1.Config.Entrypoint}}")).as("image entrypoint")
                        .isEqualTo("[" + String.join(" ", entrypoint) + "]");
                assertThat(built.inspect("{{range .Docker.Config.Healthcheck.Test}}<{{.}}>{{end}}"))
                        .as("image healthcheck, word by word")
                        .isEqualTo("<CMD><" + String.join("><", healthcheckCommand(image)) + ">");
                int port = ContainerRun.freePort();
                Process run = built.run(user, entrypoint, Map.of("PORT", Integer.toString(port)));
                try {
                    assertThat(Http.awaitOk(port, "/health", Duration.ofSeconds(20), run::isAlive))
                            .as("the image's entrypoint answers /health").isTrue();
                    ProcessHandle service = run.descendants()
                            .filter(process -> process.info().command().map(c -> c.endsWith(entrypoint.get(0)))
                                    .orElse(false))
                            .findFirst().orElseThrow(() -> new AssertionError("no process runs " + entrypoint));
                    assertThat(ContainerRun.uidAndGid(service.pid())).as("the image's process runs as its USER").isEqualTo(user);
                    service.destroy();
                    assertThat(run.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    run.descendants().forEach(ProcessHandle::destroyForcibly);
                    run.destroyForcibly();
                }
                System.out.printf("[rustkit] %s: image %s%n", project.archetype(), built.size());
            }
        } finally {
            deleteTree(root);
        }
    }

    /**
     * The image is assembled from what the Dockerfile says, not from what the test expects: edit the final stage
     * (the binary copied elsewhere with the ENTRYPOINT following it, another USER, one more ENV and EXPOSE) and the
     * committed image carries exactly those edits.
     */
    private static void assertImageFollowsDockerfileEdits(GeneratedProject project, Path binary) throws IOException {
        String name = project.name();
        String original = project.read("Dockerfile");
        Map<String, String> edits = new LinkedHashMap<>();
        edits.put("COPY --from=builder /" + name + " /" + name + "\n", "COPY --from=builder /" + name + " /srv/" + name
                + "\n");
        edits.put("ENTRYPOINT [\"/" + name + "\"]", "ENTRYPOINT [\"/srv/" + name + "\"]");
        edits.put("USER " + Dockerfile.parse(original).finalStage().last("USER").orElseThrow().arguments().get(0),
                "USER 4242:4242");
        edits.put("ENV PORT=", "ENV RUSTKIT_EDITED=yes PORT=");
        // Only the final stage is edited: the debug stage before it repeats some of these lines.
        int finalStage = original.lastIndexOf("\nFROM ") + 1;
        String edited = original.substring(finalStage);
        for (Map.Entry<String, String> edit : edits.entrySet()) {
            assertThat(edited).as("the final stage has %s once", edit.getKey()).containsOnlyOnce(edit.getKey());
            edited = edited.replace(edit.getKey(), edit.getValue());
        }
        edited = original.substring(0, finalStage) + edited + "EXPOSE 9999\n";
        Dockerfile dockerfile = Dockerfile.parse(edited);
        Path root = Files.createTempDirectory(TestSettings.workDirectory(), "edited-root-");
        try {
            ImageRoot.assemble(dockerfile, project.name(), binary, root);
            assertThat(root.resolve("srv/" + name)).as("the binary where the edited COPY puts it").isExecutable()
                    .hasSameBinaryContentAs(binary);
            assertThat(root.resolve(name)).as("and not where it was").doesNotExist();
            try (BuildahImage built = BuildahImage.commit(dockerfile.finalStage(), root,
                    TestSettings.workDirectory().resolve("buildah"), name + "-edited")) {
                assertThat(built.inspect("{{.OCIv1.Config.User}}")).isEqualTo("4242:4242");
                assertThat(built.inspect("{{.OCIv1.Config.Entrypoint}}")).isEqualTo("[/srv/" + name + "]");
                assertThat(built.inspect("{{range .OCIv1.Config.Env}}<{{.}}>{{end}}"))
                        .contains("<RUSTKIT_EDITED=yes>", "<PORT=");
                assertThat(built.inspect("{{range $port, $_ := .OCIv1.Config.ExposedPorts}}<{{$port}}>{{end}}"))
                        .contains("<9999>");
            }
        } finally {
            deleteTree(root);
        }
    }

    /** Starts the binary on a free port: it must answer /health (cargo-chef's dummy main would just exit). */
    private static void assertAnswersHealth(Path binary) throws IOException {
        int port = ContainerRun.freePort();
        ProcessBuilder builder = new ProcessBuilder(binary.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PORT", Integer.toString(port));
        Process service = builder.start();
        try {
            assertThat(Http.awaitOk(port, "/health", Duration.ofSeconds(15), service::isAlive))
                    .as("%s answers /health", binary).isTrue();
        } finally {
            service.destroy();
        }
    }

    /** The script the multi-platform Dockerfile runs with $TARGETPLATFORM, run here as the build would. */
    private static void assertPlatformMapping(GeneratedProject project) {
        Path script = project.file("docker/rust-target");
        assertThat(Files.isExecutable(script)).as("generated executable").isTrue();
        assertThat(Command.of(script.toString(), "linux/amd64").runOrFail().output())
                .isEqualTo("x86_64-unknown-linux-musl\n");
        assertThat(Command.of(script.toString(), "linux/arm64").runOrFail().output())
                .isEqualTo("aarch64-unknown-linux-musl\n");
        assertThat(Command.of(script.toString(), "linux/arm64/v8").runOrFail().output())
                .isEqualTo("aarch64-unknown-linux-musl\n");
        Command.Result unsupported = Command.of(script.toString(), "linux/s390x").run();
        assertThat(unsupported.exitCode()).isEqualTo(1);
        assertThat(unsupported.output()).contains("unsupported platform \"linux/s390x\"")
                .contains("linux/amd64").contains("linux/arm64");
        Command.Result none = Command.of(script.toString(), "").run();
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.output()).contains("no platform given");
        String dockerfile = project.read("Dockerfile");
        assertThat(Dockerfile.parse(dockerfile).stage("builder").orElseThrow().all("RUN"))
                .as("builder RUNs that call cargo take their --target from rust-target")
                .filteredOn(run -> run.shellScript().contains("cargo "))
                .hasSize(3)
                .allSatisfy(run -> assertThat(run.shellScript())
                        .contains("rust_target=\"$(rust-target \"$TARGETPLATFORM\")\""));
    }

    /**
     * The registry's index URL as the generated project names it: by host name, as real registries are named
     * (cargo-deny compares registry hosts, and tells an IP address from a name).
     */
    private static String registryIndex() {
        return registry().plainIndexUrl().replace("//127.0.0.1:", "//localhost:");
    }

    private static GeneratedProject generate(Archetype archetype, Map<String, String> overrides) {
        Map<String, String> properties = archetype.properties(
                archetype.needsPrivateRegistry() ? registryIndex() : "https://unused.example/");
        properties.putAll(overrides);
        return GeneratedProject.generate(archetype, properties);
    }

    /**
     * The project as its user has it after setup, every crate its lock names downloaded: for private-registry the
     * token is in cargo's environment and the lock completed by the documented first {@code cargo fetch}; otherwise
     * {@code cargo fetch --locked}. A build downloads only its own platform's crates, while {@code cargo metadata}
     * and cargo-deny resolve the whole graph, every platform: without this fetch their {@code --offline} steps pass
     * only where some earlier run happened to fill {@code ~/.cargo} (scripts/test starts with an empty one).
     */
    static GeneratedProject ready(GeneratedProject generated) {
        if (!generated.archetype().needsPrivateRegistry()) {
            generated.cargo("debug", "fetch", "--locked").runOrFail();
            return generated;
        }
        GeneratedProject project = withToken(generated);
        if (project.read("Cargo.lock").contains("name = \"" + Archetype.INTERNAL_CRATE + "\"")) {
            project.cargo("debug", "fetch", "--locked").runOrFail();
        } else {
            project.cargo("debug", "fetch").runOrFail();
        }
        return project;
    }

    private static GeneratedProject withToken(GeneratedProject project) {
        return project.withCargoEnvironment(registry().cargoEnv(Archetype.REGISTRY_NAME));
    }

    private static PrivateRegistry registry;

    /** One registry for the whole class, holding the internal crate; started on first use. */
    private static synchronized PrivateRegistry registry() {
        if (registry == null) {
            Path directory = TestSettings.workDirectory().resolve("registry-" + System.nanoTime());
            String token = "rk-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
            registry = PrivateRegistry.start(directory, token);
            registry.publish(PrivateRegistry.sampleLibrary(directory.resolve("crates").resolve(Archetype.INTERNAL_CRATE),
                    Archetype.INTERNAL_CRATE, Archetype.INTERNAL_CRATE_VERSION));
        }
        return registry;
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private static void assertToolchainPinsAgree(GeneratedProject project) {
        TomlParseResult toolchain = Toml.parse(project.read("rust-toolchain.toml"));
        TomlParseResult manifest = Toml.parse(project.read("Cargo.toml"));
        String channel = toolchain.getString("toolchain.channel");
        assertThat(channel).as("rust-toolchain.toml channel").isEqualTo(project.properties().getOrDefault(
                "rustVersion", "1.95.0"));
        assertThat(Dockerfile.parse(project.read("Dockerfile")).stages())
                .as("stages built on the rust image")
                .filteredOn(stage -> stage.base().startsWith("rust:"))
                .isNotEmpty()
                .allSatisfy(stage -> assertThat(stage.base()).startsWith("rust:" + channel + "-"));
        assertThat(manifest.getString("package.rust-version")).as("Cargo.toml rust-version, the rule table's minimum")
                .isEqualTo(RustReleases.MINIMUM);
    }

    /** Cargo.toml's {@code fast-build} profile (no LTO, 16 codegen units), whose rebuild bench/profiles measures. */
    private static void assertFastBuildProfileServes(GeneratedProject project) throws Exception {
        ChefReplay.Result replay = ChefReplay.replay(project,
                Files.createTempDirectory(TestSettings.workDirectory(), "chef-fast-build-"), "fast-build");
        assertThat(replay.compiledAfterCook()).as("crates cargo build compiled after cook")
                .containsExactly(project.name());
        assertAnswersHealth(replay.binary());
        System.out.printf("[rustkit] %s: fast-build build after cook %d s%n", project.archetype(),
                replay.build().toSeconds());
    }

    /**
     * The allocator property picks the default Cargo feature. The default (mimalloc) is the static release binary the
     * other steps run; jemalloc and system are generated and built here. Each binary must hold its allocator's own C
     * code (its messages) and no other, start, and name its allocator in the startup log.
     */
    private static void assertEveryAllocatorChoiceIsWired(Archetype archetype, Path defaultBinary) {
        assertThat(Elf.allocatorsCompiledIn(defaultBinary)).as("C allocators in the default build")
                .containsExactly("mimalloc");
        for (String allocator : List.of("jemalloc", "system")) {
            GeneratedProject project = ready(generate(archetype, Map.of("allocator", allocator)));
            project.cargo("debug", "build", "--locked").runOrFail();
            Path binary = TestSettings.workDirectory().resolve("cargo-debug/debug").resolve(project.name());
            assertThat(Elf.allocatorsCompiledIn(binary)).as("C allocators in the %s build", allocator)
                    .isEqualTo(allocator.equals("system") ? Set.of() : Set.of(allocator));
            int port = ContainerRun.freePort();
            Command.Result run = Command.of("timeout", "--preserve-status", "--signal=TERM", "3", binary.toString())
                    .env("PORT", Integer.toString(port))
                    .run();
            assertThat(run.exitCode()).as("SIGTERM after 3 s ends it cleanly: %s", run.describe()).isZero();
            assertThat(run.output()).as("startup log of the %s build", allocator)
                    .contains("\"allocator\":\"" + allocator + "\"");
        }
    }

    /** One of the verifier's checks as a step: its title, and on failure the tool's whole output. */
    private static DynamicNode verifierStep(Supplier<ProjectChecks> checks, Check check) {
        return dynamicTest(check.id() + ": " + check.title(), () -> checks.get().run(check).assertPassed());
    }

    /**
     * The verifier's checks with rustkit's own promises for the run check, tighter than its defaults: /ready turns
     * 503 during the services' 1 s shutdown delay, exit within {@link #SIGTERM_GRACE}, and the startup log names
     * the allocator compiled in.
     */
    static ProjectChecks checksFor(GeneratedProject project) {
        RunExpectations promises = new RunExpectations(SIGTERM_GRACE, project.archetype().shutdownWithIdleConnection(),
                Duration.ofSeconds(1), true, List.of("\"allocator\":\""
                        + project.properties().getOrDefault("allocator", "mimalloc") + "\""));
        return new ProjectChecks(project.verifierProject(), promises, ProjectChecks.DEFAULT_TARGET);
    }

    /** The verifier's release build (static for these runtimes), with its figures in the build log. */
    static Path buildStatic(ProjectChecks checks) {
        long started = System.nanoTime();
        Path binary = checks.releaseBinary();
        // Figures for the build log (docs/BENCHMARKS.md has the measured ones and how to reproduce them).
        System.out.printf("[rustkit] %s: static release build %d s, binary %,d bytes%n", checks.project().name(),
                Duration.ofNanos(System.nanoTime() - started).toSeconds(), binary.toFile().length());
        return binary;
    }

    /** The verifier's run check for {@code project}'s final stage, with {@code binary} as the service. */
    static void runLikeTheImage(GeneratedProject project, Path binary) throws IOException {
        checksFor(project).runLikeTheImage(binary);
    }

    private static List<String> healthcheckCommand(Dockerfile.Stage image) {
        return image.last("HEALTHCHECK").orElseThrow(() -> new AssertionError("final stage has no HEALTHCHECK"))
                .execForm();
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;
            private RuntimeException failure;

            @Override
            public synchronized T get() {
                if (value == null && failure == null) {
                    try {
                        value = supplier.get();
                    } catch (RuntimeException | AssertionError e) {
                        failure = e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
                    }
                }
                if (failure != null) {
                    throw failure;
                }
                return value;
            }
        };
    }
}

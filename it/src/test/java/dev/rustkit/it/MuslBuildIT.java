package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.rustkit.verifier.support.Command;
import dev.rustkit.verifier.support.ContainerRun;
import dev.rustkit.verifier.support.Elf;
import dev.rustkit.verifier.support.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The binaries the images ship, not the stand-in: the real musl release build ({@code scripts/build-target}, the
 * Dockerfiles' targets), where {@link GeneratedServiceIT} and {@link RuntimeIT} run the static glibc stand-in.
 *
 * <p>actix-scratch and rocket-distroless: built for x86_64-unknown-linux-musl, checked to be static musl from the
 * ELF, then run as PID 1 of the assembled final stage as its USER (the verifier's run check) and drained under load.
 * multiarch-buildx: built for aarch64-unknown-linux-musl and run under {@code qemu-aarch64-static}. Real here: the
 * musl target, musl's libc (Debian's 1.2.3; the images' rust:*-alpine builder links the 1.2.5 rustup's target
 * bundles), the arm64 machine code. Not real: the compiler is Debian's rust-web 1.96 with std built from source
 * (-Zbuild-std), not the projects' pinned 1.95; qemu user-mode emulation, not arm64 hardware; the final stage's
 * base files are {@code ImageRoot}'s stand-ins. Each project (GeneratedServiceIT's default one) is built once;
 * projects of one target share a Cargo target dir, so std is compiled once per target.
 *
 * <p>The class runs beside the others (junit-platform.properties): these builds share nothing with theirs, and fill
 * the core their fat-LTO links and service runs leave idle. Its own steps run in order.
 */
@Execution(ExecutionMode.CONCURRENT)
class MuslBuildIT {
    private static final String X86_64 = "x86_64-unknown-linux-musl";
    private static final String AARCH64 = "aarch64-unknown-linux-musl";

    @TestFactory
    @Execution(ExecutionMode.SAME_THREAD)
    Stream<DynamicNode> theImagesMuslBinariesAreStaticAndServeWhereTheyWillRun() {
        return Archetype.selected().stream()
                .filter(archetype -> archetype != Archetype.PRIVATE_REGISTRY)
                .map(archetype -> dynamicContainer(archetype.id(), archetype == Archetype.MULTIARCH_BUILDX
                        ? arm64Steps(archetype)
                        : x86Steps(archetype)));
    }

    private Stream<DynamicNode> x86Steps(Archetype archetype) {
        Supplier<GeneratedProject> project = () -> GeneratedServiceIT.defaultProject(archetype);
        Supplier<Path> binary = GeneratedServiceIT.memoize(() -> build(project.get(), X86_64));
        return Stream.of(
                dynamicTest("real musl: scripts/build-target builds the release binary for " + X86_64, binary::get),
                dynamicTest("real musl: a fully static x86-64 ELF (no INTERP, no NEEDED) carrying musl, no glibc",
                        () -> Elf.assertStaticMusl(binary.get(), "Advanced Micro Devices X86-64")),
                dynamicTest("real musl: the binary in the assembled final stage runs as PID 1 in a read-only root"
                        + " as its USER: /health, /ready, healthcheck, SIGTERM → exit 0", () ->
                        GeneratedServiceIT.runLikeTheImage(project.get(), binary.get())),
                dynamicTest("real musl: SIGTERM under load, every request written before the signal is answered ("
                        + DrainUnderLoad.RUNS + " runs of bench/probe.py drain)", () ->
                        DrainUnderLoad.assertNothingWrittenBeforeSigtermIsDropped(binary.get(),
                                Files.createTempDirectory(TestSettings.workDirectory(), "musl-drain-"))));
    }

    private Stream<DynamicNode> arm64Steps(Archetype archetype) {
        Supplier<GeneratedProject> project = () -> GeneratedServiceIT.defaultProject(archetype);
        Supplier<Path> binary = GeneratedServiceIT.memoize(() -> build(project.get(), AARCH64));
        return Stream.of(
                dynamicTest("real musl for arm64: scripts/build-target builds the release binary for " + AARCH64,
                        binary::get),
                dynamicTest("real musl for arm64: a fully static AArch64 ELF (no INTERP, no NEEDED) carrying musl,"
                        + " no glibc", () -> Elf.assertStaticMusl(binary.get(), "AArch64")),
                dynamicTest("qemu stand-in for arm64 hardware: under qemu-aarch64-static the binary answers /health"
                        + " and /ready, and exits 0 on SIGTERM", () -> assertServesUnderQemu(binary.get())));
    }

    /** {@code scripts/build-target}, its binary copied out of the shared target dir (later builds reuse that). */
    private static Path build(GeneratedProject project, String target) {
        Path targetDirectory = TestSettings.workDirectory().resolve("cargo-" + target);
        // A cold build compiles std as well as the service: well past Command's default 20 minutes on a busy
        // machine would still be a result worth reading rather than a timeout.
        Command.Result build = Command.of(TestSettings.repoRoot().resolve("scripts/build-target").toString(),
                        project.directory().toString(), target)
                .env("CARGO_TARGET_DIR", targetDirectory.toString())
                .env(project.cargoEnvironment())
                .timeout(Duration.ofMinutes(40))
                .runOrFail();
        List<String> lines = build.output().strip().lines().toList();
        Path built = Path.of(lines.get(lines.size() - 1));
        assertThat(built).as("the binary build-target names; its output:%n%s", build.output()).isExecutable()
                .startsWith(targetDirectory);
        Path binary = TestSettings.workDirectory().resolve("bin-" + target).resolve(project.archetype().id())
                .resolve(project.name());
        try {
            Files.createDirectories(binary.getParent());
            Files.copy(built, binary, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf("[rustkit] %s: %s release build (scripts/build-target) %d s, binary %,d bytes%n",
                project.archetype(), target, build.took().toSeconds(), binary.toFile().length());
        return binary;
    }

    /**
     * The arm64 binary under user-mode emulation, on a free port. qemu passes SIGTERM on to the emulated program,
     * whose own handler then runs, so the service's shutdown is what answers the signal here too.
     */
    private static void assertServesUnderQemu(Path binary) throws IOException, InterruptedException {
        Path qemu = TestSettings.repoRoot().resolve(".tools/bin/qemu-aarch64-static");
        assertThat(Files.isExecutable(qemu)).as("%s (Debian qemu-user-static, unpacked by scripts/install-tools):"
                + " run scripts/install-tools", qemu).isTrue();
        int port = ContainerRun.freePort();
        Path log = Files.createTempFile(TestSettings.workDirectory(), "qemu-", ".log");
        ProcessBuilder builder = new ProcessBuilder(qemu.toString(), binary.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PORT", Integer.toString(port));
        Process service = builder.start();
        try {
            assertThat(Http.awaitOk(port, "/health", Duration.ofSeconds(30), service::isAlive))
                    .as("/health answers 200 under qemu within 30 s; output:%n%s", Files.readString(log)).isTrue();
            assertThat(Http.get(port, "/ready")).map(Http.Response::status).as("/ready under qemu").contains(200);
            long signalled = System.nanoTime();
            service.destroy();
            assertThat(service.waitFor(10, TimeUnit.SECONDS)).as("exits within 10 s of SIGTERM; output:%n%s",
                    Files.readString(log)).isTrue();
            assertThat(service.exitValue()).as("exit status after SIGTERM; output:%n%s", Files.readString(log))
                    .isZero();
            System.out.printf("[rustkit] %s under qemu-aarch64-static: SIGTERM → exit 0 in %d ms%n",
                    binary.getFileName(), Duration.ofNanos(System.nanoTime() - signalled).toMillis());
        } finally {
            service.destroyForcibly();
        }
    }
}

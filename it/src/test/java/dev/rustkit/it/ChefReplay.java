package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustkit.verifier.support.Command;
import dev.rustkit.verifier.support.Dockerfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Dockerfile's cargo-chef steps, run for real: {@code cargo chef prepare} on the build context, {@code cook} in
 * a directory that holds only the recipe (as the builder stage does), then the sources copied in and
 * {@code cargo build} — with the cook and build flags read from the Dockerfile itself. The one substitution: the
 * musl target becomes the gnu target with {@code crt-static}, the static build this machine can make. Where the
 * Dockerfile's shell picks the target ({@code rust_target="$(…)"}), that command runs here first, as it would on an
 * amd64 builder, and must name an x86_64 target. Each replay compiles its dependencies itself, in its own target dir
 * (about a minute per archetype on this machine): only then does "after cook the build compiles only the service crate"
 * say something about cook.
 */
final class ChefReplay {
    private static final Pattern COMPILING = Pattern.compile("(?m)^\\s*Compiling (\\S+) v");
    private static final String MUSL = "x86_64-unknown-linux-musl";
    private static final String GNU = "x86_64-unknown-linux-gnu";
    private static final String RUST_TARGET_VARIABLE = "\"$rust_target\"";
    private static final String RUST_TARGET_ASSIGNMENT = "rust_target=";

    /**
     * What a replay produced: the binary, and the crates {@code cargo build} compiled once cook had run. Cook compiled
     * every dependency and a skeleton of the service crate at the same path; copying the sources in is the
     * source-only change, so this list is what a source edit recompiles behind a cached cook layer.
     */
    record Result(Path binary, List<String> compiledAfterCook, Duration build) {}

    static Result replay(GeneratedProject project, Path work) {
        return replay(project, work, "release");
    }

    /**
     * The replay with the Dockerfile's {@code --release} swapped for {@code --profile <profile>} on cook and build
     * alike: how a development image built with another of Cargo.toml's profiles would compile.
     */
    static Result replay(GeneratedProject project, Path work, String profile) {
        Dockerfile.Stage builder = Dockerfile.parse(project.read("Dockerfile")).stage("builder").orElseThrow();
        List<String> cook = cargoArguments(builder, "cargo chef cook");
        List<String> build = cargoArguments(builder, "cargo build");
        List<String> cookFlags = new ArrayList<>(cook);
        int recipe = cookFlags.indexOf("--recipe-path");
        cookFlags.subList(recipe, recipe + 2).clear();
        assertThat(build).as("cargo build takes exactly cook's flags (Dockerfile builder stage)")
                .containsExactlyElementsOf(cookFlags);
        assertThat(build).contains("--release", "--locked", "--target");
        if (build.contains(RUST_TARGET_VARIABLE)) {
            assertRustTargetNamesThisMachinesArchitecture(project, builder);
        }

        Path context = copyContext(project, work.resolve("context"));
        chef(project, context, "chef", "prepare", "--recipe-path", "recipe.json").runOrFail();
        Path app = createDirectories(work.resolve("app"));
        copy(context.resolve("recipe.json"), app.resolve("recipe.json"));

        // An empty target dir of its own, as a Docker build's builder stage starts with. In the suite's shared
        // cargo-static dir the verifier's build (same flags) has already compiled every dependency, so the build
        // after cook would compile only the service crate whatever cook did, and the check below could not fail.
        Path target = createDirectories(work.resolve("target"));
        List<String> cookCommand = new ArrayList<>(List.of("chef", "cook"));
        cookCommand.addAll(withProfile(local(cook), profile));
        chef(project, app, cookCommand.toArray(String[]::new)).env("CARGO_TARGET_DIR", target.toString()).runOrFail();
        copyTree(context, app);
        List<String> buildCommand = new ArrayList<>(List.of("cargo", "build"));
        buildCommand.addAll(withProfile(local(build), profile));
        Command.Result built = cargo(project, app, target, buildCommand).runOrFail();
        List<String> compiled = new ArrayList<>();
        Matcher matcher = COMPILING.matcher(built.output());
        while (matcher.find()) {
            compiled.add(matcher.group(1));
        }
        Path binary = target.resolve(GNU).resolve(profile).resolve(project.name());
        return new Result(binary, compiled, built.took());
    }

    private static List<String> withProfile(List<String> flags, String profile) {
        return profile.equals("release") ? flags : flags.stream()
                .flatMap(flag -> flag.equals("--release") ? Stream.of("--profile", profile) : Stream.of(flag))
                .toList();
    }

    /** The arguments after {@code command} in the builder stage's RUN, up to the end of that shell command. */
    static List<String> cargoArguments(Dockerfile.Stage builder, String command) {
        List<String> matches = builder.all("RUN").stream()
                .map(Dockerfile.Instruction::shellScript)
                .filter(run -> run.contains(command + " "))
                .toList();
        assertThat(matches).as("one RUN with `%s` in the builder stage", command).hasSize(1);
        String run = matches.get(0);
        String rest = run.substring(run.indexOf(command) + command.length()).strip();
        int end = rest.indexOf("&&");
        return Arrays.stream((end < 0 ? rest : rest.substring(0, end)).strip().split("\\s+")).toList();
    }

    /** The Dockerfile's flags for this machine: the target triple resolved and made the static gnu one. */
    private static List<String> local(List<String> flags) {
        return flags.stream()
                .map(flag -> flag.equals(MUSL) || flag.equals(RUST_TARGET_VARIABLE) ? GNU : flag)
                .toList();
    }

    /**
     * cook and build set {@code rust_target} with the same command, and that command, run in the project (its pinned
     * toolchain) with {@code TARGETPLATFORM=linux/amd64} and the project's {@code docker/} scripts on the PATH as the
     * Dockerfile installs them, names an x86_64 target: the musl one the image builds, or this machine's host (gnu),
     * which stands in for it as {@code rustc --print host-tuple} answers inside the amd64 rust:alpine image.
     */
    private static void assertRustTargetNamesThisMachinesArchitecture(GeneratedProject project,
                                                                      Dockerfile.Stage builder) {
        List<String> assignments = builder.all("RUN").stream()
                .map(Dockerfile.Instruction::shellScript)
                .filter(run -> run.contains("cargo chef cook ") || run.contains("cargo build "))
                .map(ChefReplay::rustTargetAssignment)
                .distinct()
                .toList();
        assertThat(assignments).as("cook and build set rust_target alike").hasSize(1);
        Path bin = createDirectories(TestSettings.workDirectory().resolve("rust-target-bin-" + project.name()));
        Path script = project.file("docker/rust-target");
        if (Files.exists(script)) {
            copy(script, bin.resolve("rust-target"));
            bin.resolve("rust-target").toFile().setExecutable(true);
        }
        String triple = Command.of("sh", "-euc", assignments.get(0) + "\nprintf %s \"$rust_target\"")
                .in(project.directory())
                .env("TARGETPLATFORM", "linux/amd64")
                .env("PATH", bin + ":" + System.getenv("PATH"))
                .runOrFail().output();
        assertThat(triple).as("the Dockerfile's rust_target on amd64 (%s)", assignments.get(0)).isIn(MUSL, GNU);
    }

    /** The {@code rust_target="$(…)"} a RUN starts with, up to its first {@code &&}. */
    private static String rustTargetAssignment(String run) {
        String script = run.strip();
        assertThat(script).as("a RUN that takes --target \"$rust_target\" sets it first").startsWith(
                RUST_TARGET_ASSIGNMENT);
        int end = script.indexOf("&&");
        assertThat(end).as("rust_target's assignment ends at && in: %s", script).isPositive();
        return script.substring(0, end).strip();
    }

    private static Command chef(GeneratedProject project, Path directory, String... arguments) {
        return staticBuild(TestSettings.cargoSubcommand(arguments).in(directory), project);
    }

    private static Command cargo(GeneratedProject project, Path directory, Path target, List<String> argv) {
        return staticBuild(Command.of(argv).in(directory), project).env("CARGO_TARGET_DIR", target.toString());
    }

    private static Command staticBuild(Command command, GeneratedProject project) {
        return command.env("RUSTFLAGS", "-C target-feature=+crt-static")
                .env("CARGO_TERM_COLOR", "never")
                .env(project.cargoEnvironment());
    }

    /** The build context: the project as `docker build` sends it (no target/, nothing .dockerignore drops). */
    private static Path copyContext(GeneratedProject project, Path context) {
        List<String> ignored = project.read(".dockerignore").lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.replaceAll("/+$", ""))
                .toList();
        try (Stream<Path> files = Files.walk(project.directory())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = project.directory().relativize(file).toString();
                boolean dropped = ignored.stream()
                        .anyMatch(pattern -> relative.equals(pattern) || relative.startsWith(pattern + "/"));
                if (!dropped) {
                    copy(file, context.resolve(relative));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return context;
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                copy(file, to.resolve(from.relativize(file).toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path createDirectories(Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ChefReplay() {}
}

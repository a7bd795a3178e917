package dev.rustkit.verifier.cli;

import dev.rustkit.scaffolder.ArchetypeException;
import dev.rustkit.scaffolder.Scaffolder;
import dev.rustkit.scaffolder.archetype.InvalidPropertiesException;
import dev.rustkit.verifier.Check;
import dev.rustkit.verifier.InvalidInputException;
import dev.rustkit.verifier.JUnitReport;
import dev.rustkit.verifier.ProjectChecks;
import dev.rustkit.verifier.RunExpectations;
import dev.rustkit.verifier.StepLines;
import dev.rustkit.verifier.Verifier;
import dev.rustkit.verifier.VerifyInputs;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

/**
 * {@code scaffolder verify}: generates projects from archetype jars and runs the checks on them, a line per step on
 * the terminal and, with {@code --report}, JUnit XML for CI. Exit status 0 only if every step passed, 1 if a step
 * failed or could not run, 2 for bad input (nothing is generated then).
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Generates a project from an archetype jar (rustkit's or your fork's) for each property set and runs the",
            "checks rustkit's own suite trusts on it, each a named step with its result and duration."
        },
        footer = {
            "",
            "Checks, in the order they run (--checks fmt,clippy runs only those; --checks -run,-deny all but those):",
            "  tally, hadolint       the Dockerfile (hadolint also refuses a last USER root)",
            "  actionlint, zizmor    .github/workflows/*.yml (zizmor with .github/zizmor.yml if there is one)",
            "  fetch                 cargo fetch --locked; run whenever a cargo check is",
            "  deny                  cargo deny --offline check bans licenses sources",
            "  fmt, clippy, test     cargo fmt --check; clippy --all-targets --locked -D warnings; test --locked",
            "  build                 the release binary: fully static, or dynamic for a glibc base image",
            "  run                   the binary as PID 1 of the final stage's root as its USER (needs root):",
            "                        /health, /ready, the HEALTHCHECK command, exit 0 on SIGTERM",
            "  lock                  Cargo.lock unchanged by all of it",
            "",
            "Tools come from PATH: rustkit's scripts/install-tools installs them all, pinned (--print-path).",
            "Registry tokens in CARGO_REGISTRIES_<NAME>_TOKEN reach the cargo steps and no file.",
            "Exit status: 0 every step passed, 1 a step failed or could not run, 2 invalid input."
        })
public final class VerifyCommand implements Callable<Integer> {
    static final int FAILED = 1;
    static final int INVALID_INPUT = 2;

    @Parameters(index = "0", paramLabel = "<archetype>", description = "The archetype id, e.g. actix-scratch.")
    String archetype;

    @Option(names = "--archetypes", paramLabel = "<jar|dir>",
            description = "An archetype jar, or a directory of them; repeatable. Default: $RUSTKIT_ARCHETYPES.")
    List<Path> archetypes = new ArrayList<>();

    @Option(names = {"-p", "--property"}, paramLabel = "<name=value>",
            description = "A property value; repeatable. Defaults: groupId=com.example, artifactId=verified-service.")
    Map<String, String> properties = new LinkedHashMap<>();

    @Option(names = "--matrix", paramLabel = "<name=v1,v2,...>",
            description = "Verify once per value (several --matrix: every combination).")
    List<String> matrix = new ArrayList<>();

    @Option(names = "--checks", paramLabel = "<checks>", split = ",",
            description = "Only these checks, or with a leading '-' all but these. Default: all.")
    List<String> checks = new ArrayList<>();

    @Option(names = "--report", paramLabel = "<junit.xml>", description = "Write a JUnit XML report there.")
    Path report;

    @Option(names = "--work-dir", paramLabel = "<dir>", defaultValue = "target/rustkit-verify",
            description = "Generated projects and the shared Cargo target dirs (reuse it for warm runs). Default:"
                    + " ${DEFAULT-VALUE}.")
    Path workDirectory;

    @Option(names = "--target", paramLabel = "<triple>", defaultValue = ProjectChecks.DEFAULT_TARGET,
            description = "Rust target of the static build (x86_64-unknown-linux-musl where rustup has it)."
                    + " Default: ${DEFAULT-VALUE}, the static glibc stand-in.")
    String target;

    @Option(names = "--first-fetch-completes-lock",
            description = "The shipped Cargo.lock lacks crates only a first plain cargo fetch can add (a private"
                    + " registry's): fetch runs cargo fetch, then --locked.")
    boolean firstFetchCompletesLock;

    private PrintWriter out;

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, args));
    }

    public static int run(OutputStream stdout, OutputStream stderr, String... args) {
        PrintWriter out = new PrintWriter(stdout, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(stderr, true, StandardCharsets.UTF_8);
        VerifyCommand command = new VerifyCommand();
        command.out = out;
        CommandLine line = new CommandLine(command).setOut(out).setErr(err)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof InvalidInputException || e instanceof InvalidPropertiesException) {
                        err.println("verify: " + e.getMessage());
                        return INVALID_INPUT;
                    }
                    if (e instanceof ArchetypeException) {
                        err.println("verify: the archetype cannot be used: " + e.getMessage());
                        return FAILED;
                    }
                    err.println("verify: " + e);
                    return FAILED;
                });
        line.setParameterExceptionHandler((e, arguments) -> {
            err.println("verify: " + e.getMessage());
            err.println("Try 'scaffolder verify --help'.");
            return INVALID_INPUT;
        });
        return line.execute(args);
    }

    @Override
    public Integer call() throws IOException {
        Set<Check> selected = VerifyInputs.checks("--checks", checks);
        Map<String, List<String>> combinations = VerifyInputs.matrix("--matrix", matrix, properties.keySet());
        Scaffolder scaffolder = Scaffolder.fromJars(archetypeSources());
        String id = VerifyInputs.archetype(scaffolder, archetype, "the given jars");
        Verifier verifier = new Verifier(scaffolder, workDirectory, selected, RunExpectations.DEFAULT, target,
                new StepLines(out::println)).lockCompletedByFirstFetch(firstFetchCompletesLock);
        List<Verifier.Report> reports = verifier.verify(id, VerifyInputs.withDefaults(properties), combinations);
        if (report != null) {
            JUnitReport.write(reports, report);
            out.println("JUnit report: " + report);
        }
        out.println(VerifyInputs.summary(reports));
        return reports.stream().allMatch(Verifier.Report::passed) ? 0 : FAILED;
    }

    private List<Path> archetypeSources() {
        List<Path> sources = new ArrayList<>(archetypes);
        if (sources.isEmpty()) {
            String listed = System.getenv("RUSTKIT_ARCHETYPES");
            if (listed == null || listed.isBlank()) {
                throw new InvalidInputException("no archetypes given: pass --archetypes <jar or directory> (the"
                        + " archetype jar your build makes, e.g. target/*-archetype-*.jar) or set RUSTKIT_ARCHETYPES.");
            }
            Arrays.stream(listed.split(File.pathSeparator)).filter(entry -> !entry.isBlank()).map(Path::of)
                    .forEach(sources::add);
        }
        for (Path source : sources) {
            if (!Files.exists(source)) {
                throw new InvalidInputException("--archetypes " + source + ": no such file or directory.");
            }
        }
        return sources;
    }
}

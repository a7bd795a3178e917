package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.rustkit.verifier.support.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * {@code scripts/scaffolder verify} as a team's CI runs it on a fork of an archetype jar: it passes on the jar as
 * rustkit ships it, and each fork with one defect fails on exactly the step that owns that defect, with the tool's
 * own message on the terminal and in the JUnit report. Projects share the suite's Cargo target dirs, so the cargo
 * steps compile only the forked service.
 */
@EnabledIf(value = "dev.rustkit.it.Archetype#actixScratchSelected",
        disabledReason = "its forks are of actix-scratch, which is not among -Drustkit.archetypes")
class VerifierIT {
    private static final String RESOURCES = "archetype-resources/";
    private static final String FRAGMENTS = "META-INF/rustkit/fragments/";
    /** The checks every defect run includes: cheap, and each must still pass beside the one that fails. */
    private static final String CHEAP = "tally,hadolint,actionlint,zizmor,fetch,deny,fmt";
    private static final Pattern STEP = Pattern.compile("^  \\[(PASS|FAIL|N/A )\\] (\\S+)", Pattern.MULTILINE);

    @TestFactory
    Stream<DynamicTest> verifyPassesOnTheShippedJarAndFailsOnEachDefectAtItsStep() {
        Archetype archetype = Archetype.ACTIX_SCRATCH;
        return Stream.of(
                dynamicTest("the jar as shipped: every check passes, exit 0", () -> {
                    Outcome outcome = verify(Scaffolding.installedJar(archetype), "shipped", List.of());
                    assertThat(outcome.result.exitCode()).as(outcome.result.describe()).isZero();
                    assertThat(outcome.steps.values()).as("steps").hasSize(12).containsOnly("PASS");
                    assertThat(outcome.junit).contains("failures=\"0\" errors=\"0\"");
                }),
                dynamicTest("a tool not on PATH: its step is not run, says which tool and how to get it, and fails the"
                        + " run", () -> {
                    Path report = TestSettings.workDirectory().resolve("forks").resolve("no-tools.xml");
                    Files.deleteIfExists(report);
                    // The verifier's jar itself, without scripts/scaffolder, which would put .tools/bin on PATH.
                    Command.Result result = Command.of(Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(), "-jar", TestSettings.repoRoot().resolve("verifier/target/verifier.jar")
                                    .toString(), "actix-scratch", "--archetypes",
                            Scaffolding.installedJar(archetype).toString(), "-p", "artifactId=no-tools",
                            "--checks", "tally,hadolint", "--work-dir", TestSettings.workDirectory().toString(),
                            "--report", report.toString())
                            .env("PATH", "/usr/bin:/bin").run();
                    assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
                    assertThat(result.output()).contains("[N/A ] tally", "[N/A ] hadolint",
                            "cannot run: tally is not on PATH. rustkit's scripts/install-tools installs every tool",
                            "cannot run: hadolint is not on PATH.");
                    assertThat(Files.readString(report)).contains("tests=\"2\" failures=\"0\" errors=\"2\"");
                }),
                defect("a Rust syntax error fails fmt", "fmt", CHEAP, "error: ",
                        new ArchetypeFork().edit(RESOURCES + "src/main.rs", main -> main + "\nfn broken( {\n")),
                defect("a clippy warning fails clippy", "clippy", CHEAP + ",clippy", "unneeded `return` statement",
                        new ArchetypeFork().edit(RESOURCES + "src/main.rs", main -> main
                                + "\n#[allow(dead_code)]\nfn answer() -> u32 {\n    return 42;\n}\n")),
                defect("USER root in the Dockerfile fails hadolint", "hadolint", CHEAP, "DL3002",
                        new ArchetypeFork().replace(FRAGMENTS + "Dockerfile.runtime", "USER ${runtimeUser}",
                                "USER root")),
                defect("a third-party action pinned by tag, not by hash, fails zizmor", "zizmor", CHEAP,
                        "unpinned-uses",
                        new ArchetypeFork().replace(FRAGMENTS + "workflow.check-job.yml",
                                "      - uses: actions/checkout@v6\n",
                                "      - uses: EmbarkStudios/cargo-deny-action@v2\n"
                                        + "      - uses: actions/checkout@v6\n")),
                defect("a dependency under a licence deny.toml does not allow (MPL-2.0) fails deny", "deny", CHEAP,
                        "MPL-2.0", withDependencyUnderMpl()));
    }

    private static DynamicTest defect(String title, String failingStep, String checks, String toolMessage,
            ArchetypeFork fork) {
        return dynamicTest(title, () -> {
            String name = failingStep + "-defect";
            Path jar = fork.writeFrom(Scaffolding.installedJar(Archetype.ACTIX_SCRATCH),
                    TestSettings.workDirectory().resolve("forks").resolve(name + ".jar"));
            Outcome outcome = verify(jar, name, List.of("--checks", checks));
            assertThat(outcome.result.exitCode()).as(outcome.result.describe()).isEqualTo(1);
            Map<String, String> expected = new LinkedHashMap<>();
            for (String check : checks.split(",")) {
                expected.put(check, check.equals(failingStep) ? "FAIL" : "PASS");
            }
            assertThat(outcome.steps).as("each step's result; output:%n%s", outcome.result.output())
                    .containsExactlyInAnyOrderEntriesOf(expected);
            assertThat(outcome.result.output()).as("the tool's own message on the terminal").contains(toolMessage);
            assertThat(outcome.junit).contains("failures=\"1\" errors=\"0\"")
                    .containsPattern("name=\"" + failingStep + ": [^\"]*\" time=\"[0-9.]+\"><failure message=")
                    .contains(toolMessage);
        });
    }

    /**
     * webpki-roots 0.25.4: MPL-2.0, no dependencies of its own. Added to Cargo.toml and, complete with checksum, to
     * the lock template (post-generate puts it in cargo's order), so only the licence is wrong.
     */
    private static ArchetypeFork withDependencyUnderMpl() {
        return new ArchetypeFork()
                .replace(RESOURCES + "Cargo.toml", "[dependencies]\n", "[dependencies]\nwebpki-roots = \"=0.25.4\"\n")
                .edit(RESOURCES + "Cargo.lock", lock -> {
                    int root = lock.indexOf("name = \"${artifactId}\"");
                    int end = lock.indexOf("\n]\n", root);
                    return lock.substring(0, end) + "\n \"webpki-roots\"," + lock.substring(end)
                            + "\n[[package]]\nname = \"webpki-roots\"\nversion = \"0.25.4\"\n"
                            + "source = \"registry+https://github.com/rust-lang/crates.io-index\"\n"
                            + "checksum = \"5f20c57d8d7db6d3b86154206ae5d8fba62dd39573114de97c2cb0578251f8e1\"\n";
                });
    }

    private record Outcome(Command.Result result, Map<String, String> steps, String junit) {}

    private static Outcome verify(Path jar, String name, List<String> extra) throws Exception {
        Path report = TestSettings.workDirectory().resolve("forks").resolve(name + ".xml");
        Files.deleteIfExists(report);
        List<String> argv = new ArrayList<>(List.of(TestSettings.repoRoot().resolve("scripts/scaffolder").toString(),
                "verify", "actix-scratch", "--archetypes", jar.toString(), "-p", "artifactId=forked-" + name,
                "--work-dir", TestSettings.workDirectory().toString(), "--report", report.toString()));
        argv.addAll(extra);
        Command.Result result = Command.of(argv).timeout(Duration.ofMinutes(30)).run();
        Map<String, String> steps = new LinkedHashMap<>();
        Matcher step = STEP.matcher(result.output());
        while (step.find()) {
            steps.put(step.group(2), step.group(1).strip());
        }
        assertThat(report).as("JUnit report; output:%n%s", result.output()).exists();
        return new Outcome(result, steps, Files.readString(report));
    }
}

package dev.rustkit.verifier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad command lines: exit status 2, a message naming the option and what is allowed, nothing generated. */
class VerifyCommandTest {
    @TempDir
    Path directory;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--checks fmt,lint | --checks: \"lint\" is not a check. Allowed: tally, hadolint, actionlint, zizmor, fetch,"
                + " deny, fmt, clippy, test, build, run, lock.",
        "--checks fmt,-run | --checks \"fmt,-run\": either name the checks to run or, each with a leading '-', the"
                + " checks to leave out, not both.",
        "--matrix allocator | --matrix \"allocator\": expected name=value1,value2,… with no empty value.",
        "--matrix allocator=mimalloc,,system | --matrix \"allocator=mimalloc,,system\": expected"
                + " name=value1,value2,… with no empty value.",
        "--matrix allocator=system -p allocator=jemalloc | --matrix \"allocator=system\": allocator is already"
                + " given.",
        "--archetypes no-such.jar | --archetypes no-such.jar: no such file or directory.",
    })
    void badInputIsRefusedWithExitStatus2AndNothingIsWritten(String arguments, String message) throws Exception {
        Path work = directory.resolve("work");
        String[] argv = ("actix-scratch --work-dir " + work + " " + (arguments.contains("--archetypes") ? ""
                : "--archetypes " + directory + " ") + arguments).split(" ");
        Run run = run(argv);
        assertThat(run.status).as(run.err).isEqualTo(2);
        assertThat(run.err.strip()).isEqualTo("verify: " + message);
        assertThat(Files.exists(work)).as("work directory").isFalse();
    }

    @Test
    void withoutArchetypesItSaysWhereToGetThem() throws Exception {
        assumeTrue(System.getenv("RUSTKIT_ARCHETYPES") == null, "RUSTKIT_ARCHETYPES is set in this environment");
        Run run = run("actix-scratch", "--work-dir", directory.resolve("work").toString());
        assertThat(run.status).isEqualTo(2);
        assertThat(run.err).contains("no archetypes given: pass --archetypes <jar or directory>");
    }

    @Test
    void anArchetypeTheJarsDoNotHoldIsNamedWithTheKnownOnes() throws Exception {
        Run run = run("no-such-archetype", "--archetypes", directory.toString(), "--work-dir",
                directory.resolve("work").toString());
        assertThat(run.status).isEqualTo(2);
        assertThat(run.err).startsWith("verify: archetype \"no-such-archetype\" is not in the given jars. Known: ");
    }

    @Test
    void helpListsEveryCheck() throws Exception {
        Run run = run("--help");
        assertThat(run.status).isZero();
        assertThat(run.out).contains("Usage: verify", "--matrix", "--checks", "--report", "tally, hadolint",
                "lock ", "Exit status: 0 every step passed");
    }

    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = VerifyCommand.run(out, err, args);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}

package dev.rustkit.maven;

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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Verifies the archetype jar this build made ({@code package} made it; the goal runs in {@code integration-test}):
 * generates a project from it for each property set and runs the checks {@code scaffolder verify} runs, a log line
 * per step, a JUnit report for CI, and a build failure naming the archetype, the properties and each failed step.
 * Its parameters are the command's options.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.INTEGRATION_TEST, threadSafe = true)
public class VerifyMojo extends AbstractMojo {
    /** How messages name the parameters: as they are written in the pom. */
    private static final String CHECKS = "<checks> (rustkit.verify.checks)";
    private static final String MATRIX = "<matrix>";

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    /** The archetype id (the jar's artifactId without -archetype). Default: the one archetype the jar holds. */
    @Parameter(property = "rustkit.verify.archetype")
    String archetype;

    /** Property values, e.g. {@code <artifactId>orders-api</artifactId>}. Defaults: groupId, artifactId. */
    @Parameter
    Map<String, String> properties = new LinkedHashMap<>();

    /** Verify once per value: {@code <allocator>mimalloc,jemalloc,system</allocator>}; several: every combination. */
    @Parameter
    Map<String, String> matrix = new LinkedHashMap<>();

    /** Only these checks ({@code fmt,clippy}), or all but these ({@code -run,-deny}). Default: all. */
    @Parameter(property = "rustkit.verify.checks")
    String checks;

    /** The JUnit XML report; the default lies where CI JUnit collectors look for {@code TEST-*.xml}. */
    @Parameter(property = "rustkit.verify.report",
            defaultValue = "${project.build.directory}/rustkit-verify/TEST-rustkit-verify.xml")
    File report;

    /** Generated projects and the shared Cargo target dirs; one outside target/ keeps cargo warm across a clean. */
    @Parameter(property = "rustkit.verify.workDirectory",
            defaultValue = "${project.build.directory}/rustkit-verify/work")
    File workDirectory;

    /** Rust target of the static build (x86_64-unknown-linux-musl where rustup has it). */
    @Parameter(property = "rustkit.verify.target", defaultValue = ProjectChecks.DEFAULT_TARGET)
    String target;

    /** The shipped Cargo.lock lacks crates only a first plain cargo fetch adds (a private registry's). */
    @Parameter(property = "rustkit.verify.firstFetchCompletesLock", defaultValue = "false")
    boolean firstFetchCompletesLock;

    @Parameter(property = "rustkit.verify.skip", defaultValue = "false")
    boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("rustkit:verify skipped (rustkit.verify.skip)");
            return;
        }
        File jar = project.getArtifact().getFile();
        if (jar == null || !jar.isFile()) {
            throw new MojoExecutionException("rustkit:verify checks the archetype jar this build makes, and "
                    + project.getArtifactId() + " has none" + (jar == null ? "" : " at " + jar) + ": run it with"
                    + " package, e.g. `mvn verify` (not `mvn rustkit:verify` alone), in a project with packaging"
                    + " maven-archetype.");
        }
        List<Verifier.Report> reports;
        try {
            Map<String, String> given = properties == null ? Map.of() : properties;
            Set<Check> selected = VerifyInputs.checks(CHECKS, commaList(checks));
            Map<String, List<String>> combinations = VerifyInputs.matrix(MATRIX, matrixEntries(), given.keySet());
            Scaffolder scaffolder = Scaffolder.fromJars(List.of(jar.toPath()));
            String id = VerifyInputs.archetype(scaffolder, archetype, jar.toString());
            Verifier verifier = new Verifier(scaffolder, workDirectory.toPath(), selected, RunExpectations.DEFAULT,
                    target, new StepLines(getLog()::info)).lockCompletedByFirstFetch(firstFetchCompletesLock);
            reports = verifier.verify(id, VerifyInputs.withDefaults(given), combinations);
        } catch (InvalidInputException | InvalidPropertiesException e) {
            throw new MojoExecutionException("rustkit:verify: " + e.getMessage(), e);
        } catch (ArchetypeException e) {
            throw new MojoExecutionException("rustkit:verify: the archetype cannot be used: " + e.getMessage(), e);
        }
        try {
            JUnitReport.write(reports, report.toPath());
        } catch (IOException e) {
            throw new MojoExecutionException("rustkit:verify: cannot write the JUnit report " + report, e);
        }
        getLog().info("JUnit report: " + report);
        String summary = VerifyInputs.summary(reports);
        if (reports.stream().allMatch(Verifier.Report::passed)) {
            getLog().info(summary);
            return;
        }
        throw new MojoFailureException("rustkit:verify " + summary + "\n" + VerifyInputs.failures(reports)
                + "\nEach step's output is in the log above and in " + report + ".");
    }

    private List<String> matrixEntries() {
        if (matrix == null) {
            return List.of();
        }
        return matrix.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + (entry.getValue() == null ? "" : entry.getValue().strip()))
                .toList();
    }

    /** {@code tally, hadolint} as the pom or -D may spell it: blanks and line breaks around the commas ignored. */
    static List<String> commaList(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(",")).map(String::strip).filter(entry -> !entry.isEmpty()).toList();
    }
}

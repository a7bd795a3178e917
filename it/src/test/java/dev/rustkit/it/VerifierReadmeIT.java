package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rustkit.verifier.support.Command;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * README's "Validate your own templates in CI" workflow, as a fork would commit it: it passes actionlint and zizmor
 * (with zizmor's default policies, since a fork's repository has no zizmor.yml of ours), and its verify command is
 * one the verifier accepts and runs, from the repository root, with the archetype directory it names.
 */
class VerifierReadmeIT {
    private static final String HEADING = "## Validate your own templates in CI";

    @Test
    void theReadmeWorkflowPassesActionlintAndZizmorAndItsVerifyCommandRuns() throws Exception {
        String workflow = readmeWorkflow();
        Path repository = Scaffolding.workDirectory("readme-workflow-");
        Path file = Files.createDirectories(repository.resolve(".github/workflows")).resolve("verify-templates.yml");
        Files.writeString(file, workflow);
        Command.of(TestSettings.tool("actionlint"), "-color=false", ".github/workflows/verify-templates.yml")
                .in(repository).runOrFail();
        Command.of(TestSettings.tool("zizmor"), "--offline", "--no-progress", ".github/workflows/verify-templates.yml")
                .in(repository).runOrFail();

        String verify = verifyCommand(workflow);
        assertThat(verify).startsWith("scripts/scaffolder verify ").contains("--report target/verify/junit.xml");
        Path report = repository.resolve("junit.xml");
        // The same command, limited to the Dockerfile linters (the suite runs the other steps elsewhere) and with
        // its output kept out of the checkout.
        String limited = verify.replace("--report target/verify/junit.xml", "--report " + report)
                + " --checks tally,hadolint --work-dir " + repository.resolve("work");
        Command.Result run = Command.of("sh", "-c", limited).in(TestSettings.repoRoot()).run();
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.output()).as("one run per allocator").contains("allocator=mimalloc", "allocator=jemalloc",
                "allocator=system");
        assertThat(Files.readString(report)).contains("tests=\"6\" failures=\"0\" errors=\"0\"");
    }

    private static String readmeWorkflow() throws Exception {
        String readme = Files.readString(TestSettings.repoRoot().resolve("README.md"));
        int section = readme.indexOf("\n" + HEADING + "\n");
        assertThat(section).as("README has the section %s", HEADING).isPositive();
        Matcher block = Pattern.compile("\n```yaml\n(.*?)\n```\n", Pattern.DOTALL).matcher(readme);
        assertThat(block.find(section)).as("a yaml block in %s", HEADING).isTrue();
        int next = readme.indexOf("\n## ", section + 1);
        assertThat(block.start()).as("the yaml block lies inside %s", HEADING).isLessThan(next);
        return block.group(1) + "\n";
    }

    @SuppressWarnings("unchecked")
    private static String verifyCommand(String workflow) {
        Map<String, Object> parsed = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(workflow);
        Map<String, Object> job = (Map<String, Object>) ((Map<String, Object>) parsed.get("jobs")).get("verify");
        List<Map<String, Object>> steps = (List<Map<String, Object>>) job.get("steps");
        return steps.stream().map(step -> (String) step.get("run"))
                .filter(run -> run != null && run.contains("scripts/scaffolder verify"))
                .findFirst().orElseThrow(() -> new AssertionError("no step runs scripts/scaffolder verify"))
                .strip();
    }
}

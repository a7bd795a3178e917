package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.maven.shared.invoker.DefaultInvocationRequest;
import org.apache.maven.shared.invoker.DefaultInvoker;
import org.apache.maven.shared.invoker.InvocationRequest;
import org.apache.maven.shared.invoker.InvocationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * {@code mvn verify} in a team's archetype project with rustkit-maven-plugin configured exactly as README's "With
 * Maven" snippet shows: the fork as rustkit ships it passes and leaves a JUnit report naming every step; the same
 * fork with {@code USER root} fails the build at hadolint (with hadolint's own DL3002) and at the PID 1 run (which
 * runs only a numeric non-root USER), and nowhere else. Every check runs, builds and
 * the PID 1 run included; the goal's work directory is the suite's, whose Cargo target dirs VerifierIT and
 * GeneratedServiceIT share, so whichever runs second compiles little more than the crate itself.
 */
@EnabledIf(value = "dev.rustkit.it.Archetype#actixScratchSelected",
        disabledReason = "the fork is of actix-scratch, which is not among -Drustkit.archetypes")
class MavenPluginIT {
    /** Every check, in the order the verifier runs them. */
    private static final List<String> CHECKS = List.of("tally", "hadolint", "actionlint", "zizmor", "fetch", "deny",
            "fmt", "clippy", "test", "build", "run", "lock");
    private static final String RUNTIME_STAGE = "src/main/resources/META-INF/rustkit/fragments/Dockerfile.runtime";
    private static final Pattern STEP = Pattern.compile("^\\[INFO\\]   \\[(PASS|FAIL|N/A )\\] (\\S+)",
            Pattern.MULTILINE);

    @Test
    void mvnVerifyPassesOnTheForkAsShippedWithAJUnitReportOfEveryStep() throws Exception {
        Path fork = forkProject("acme-actix-archetype");
        Build build = mvnVerify(fork);
        assertThat(build.exitCode).as(build.output).isZero();
        assertThat(build.steps()).as(build.output).isEqualTo(expectedSteps(Set.of()));
        assertThat(build.output).contains("PASSED: 1 of 1 property sets passed", "BUILD SUCCESS");
        String report = Files.readString(report(fork));
        assertThat(report).contains("tests=\"" + CHECKS.size() + "\" failures=\"0\" errors=\"0\"")
                // The archetype id comes from the fork's own artifactId; artifactId=orders-api from the snippet.
                .contains("<testsuite name=\"acme-actix artifactId=orders-api groupId=com.example\"");
        for (String check : CHECKS) {
            assertThat(report).containsPattern("<testcase classname=\"[^\"]*\" name=\"" + check + ": ");
        }
    }

    @Test
    void userRootInTheForksDockerfileFailsTheBuildAtHadolintAndAtTheRunAsTheImagesUser() throws Exception {
        Path fork = forkProject("acme-actix-root-archetype");
        Path stage = fork.resolve(RUNTIME_STAGE);
        String text = Files.readString(stage);
        assertThat(text).contains("USER ${runtimeUser}");
        Files.writeString(stage, text.replace("USER ${runtimeUser}", "USER root"));

        Build build = mvnVerify(fork);
        assertThat(build.exitCode).as(build.output).isNotZero();
        assertThat(build.steps()).as(build.output).isEqualTo(expectedSteps(Set.of("hadolint", "run")));
        assertThat(build.output).contains("BUILD FAILURE", "DL3002")
                .contains("rustkit:verify FAILED: 0 of 1 property sets passed (2 steps failed or could not run)")
                // The failure names the archetype (the fork's artifactId less -archetype), its properties and the
                // step, with the first line of its detail.
                .containsPattern("acme-actix-root artifactId=orders-api groupId=com.example: hadolint FAILED"
                        + " \\(`\\S*hadolint .*\\), run FAILED \\(");
        assertThat(build.output).contains("USER is numeric uid:gid and not root");
        String report = Files.readString(report(fork));
        assertThat(report).contains("tests=\"" + CHECKS.size() + "\" failures=\"2\" errors=\"0\"")
                .containsPattern("name=\"hadolint: [^\"]*\" time=\"[0-9.]+\"><failure message=")
                .as("hadolint's output in the report").contains("DL3002");
    }

    private static Map<String, String> expectedSteps(Set<String> failing) {
        Map<String, String> steps = new LinkedHashMap<>();
        for (String check : CHECKS) {
            steps.put(check, failing.contains(check) ? "FAIL" : "PASS");
        }
        return steps;
    }

    private static Path report(Path fork) {
        return fork.resolve("target/rustkit-verify/TEST-rustkit-verify.xml");
    }

    /**
     * A fork as a team keeps one: a Maven project of packaging maven-archetype whose src/main/resources holds what
     * rustkit's actix-scratch jar holds (less the jar's own manifest and pom), and the plugin from README.
     */
    private static Path forkProject(String artifactId) throws IOException {
        Path project = Scaffolding.workDirectory("maven-plugin-").resolve(artifactId);
        Path resources = Files.createDirectories(project.resolve("src/main/resources"));
        try (InputStream in = Files.newInputStream(Scaffolding.installedJar(Archetype.ACTIX_SCRATCH));
                ZipInputStream jar = new ZipInputStream(in)) {
            for (ZipEntry entry; (entry = jar.getNextEntry()) != null; ) {
                String name = entry.getName();
                if (entry.isDirectory() || name.equals("META-INF/MANIFEST.MF")
                        || name.startsWith("META-INF/maven/dev.rustkit/")) {
                    continue;
                }
                Path file = resources.resolve(name).normalize();
                assertThat(file.startsWith(resources)).as("jar entry %s stays in the project", name).isTrue();
                Files.createDirectories(file.getParent());
                Files.write(file, jar.readAllBytes());
            }
        }
        Files.writeString(project.resolve("pom.xml"), forkPom(artifactId, readmePluginSnippet()));
        return project;
    }

    private static String forkPom(String artifactId, String plugin) throws IOException {
        String archetypeVersion = rootPomProperty("archetype.version");
        String resourcesVersion = rootPomPluginVersion("maven-resources-plugin");
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.acme.platform</groupId>
                  <artifactId>%s</artifactId>
                  <version>1.0.0-SNAPSHOT</version>
                  <packaging>maven-archetype</packaging>
                  <properties>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <build>
                    <extensions>
                      <extension>
                        <groupId>org.apache.maven.archetype</groupId>
                        <artifactId>archetype-packaging</artifactId>
                        <version>%s</version>
                      </extension>
                    </extensions>
                    <pluginManagement>
                      <plugins>
                        <plugin>
                          <artifactId>maven-resources-plugin</artifactId>
                          <version>%s</version>
                          <configuration><addDefaultExcludes>false</addDefaultExcludes></configuration>
                        </plugin>
                        <plugin>
                          <artifactId>maven-archetype-plugin</artifactId>
                          <version>%s</version>
                          <configuration><useDefaultExcludes>false</useDefaultExcludes></configuration>
                        </plugin>
                      </plugins>
                    </pluginManagement>
                    <plugins>
                %s
                    </plugins>
                  </build>
                </project>
                """.formatted(artifactId, archetypeVersion, resourcesVersion, archetypeVersion,
                plugin.indent(6).stripTrailing());
    }

    /** README's "With Maven" xml block, which must pin the plugin to this build's version. */
    private static String readmePluginSnippet() throws IOException {
        String readme = Files.readString(TestSettings.repoRoot().resolve("README.md"));
        int section = readme.indexOf("\n### With Maven\n");
        assertThat(section).as("README has a \"### With Maven\" part").isPositive();
        Matcher block = Pattern.compile("\n```xml\n(.*?)\n```\n", Pattern.DOTALL).matcher(readme);
        assertThat(block.find(section)).as("an xml block in With Maven").isTrue();
        String snippet = block.group(1);
        assertThat(snippet).contains("<artifactId>rustkit-maven-plugin</artifactId>")
                .contains("<version>" + TestSettings.rustkitVersion() + "</version>");
        return snippet;
    }

    private static String rootPomProperty(String name) throws IOException {
        return match(Files.readString(TestSettings.repoRoot().resolve("pom.xml")),
                "<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">");
    }

    private static String rootPomPluginVersion(String artifactId) throws IOException {
        return match(Files.readString(TestSettings.repoRoot().resolve("pom.xml")),
                "<artifactId>" + Pattern.quote(artifactId) + "</artifactId><version>([^<]+)</version>");
    }

    private static String match(String text, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as("root pom matches %s", regex).isTrue();
        return matcher.group(1);
    }

    private record Build(int exitCode, String output) {
        Map<String, String> steps() {
            Map<String, String> steps = new LinkedHashMap<>();
            Matcher step = STEP.matcher(output);
            while (step.find()) {
                steps.put(step.group(2), step.group(1).strip());
            }
            return steps;
        }
    }

    /** Real {@code mvn -B verify} on the fork, with the suite's Maven and local repository (the plugin is there). */
    private static Build mvnVerify(Path project) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("rustkit.verify.workDirectory", TestSettings.workDirectory().toString());
        StringBuilder output = new StringBuilder();
        InvocationRequest request = new DefaultInvocationRequest()
                .setBatchMode(true)
                .setGoals(List.of("verify"))
                .setBaseDirectory(project.toFile())
                .setProperties(properties)
                .setLocalRepositoryDirectory(new File(TestSettings.localRepository()))
                .setNoTransferProgress(true)
                .setOutputHandler(line -> output.append(line).append('\n'))
                .setErrorHandler(line -> output.append(line).append('\n'));
        request.setTimeoutInSeconds(1800);
        InvocationResult result = new DefaultInvoker().setMavenHome(new File(TestSettings.mavenHome()))
                .execute(request);
        return new Build(result.getExitCode(), output.toString());
    }
}

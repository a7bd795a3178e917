package dev.rustkit.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.maven.artifact.DefaultArtifact;
import org.apache.maven.artifact.handler.DefaultArtifactHandler;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the goal refuses before it generates anything, and how it says so. The runs themselves: MavenPluginIT. */
class VerifyMojoTest {
    @TempDir
    Path directory;

    @Test
    void withoutThePackagedJarItSaysToRunPackage() {
        VerifyMojo mojo = mojo(null);
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("rustkit:verify checks the archetype jar this build makes, and"
                        + " acme-archetype has none: run it with package, e.g. `mvn verify`");
    }

    @Test
    void skipRunsNothingEvenWithoutAJar() throws Exception {
        VerifyMojo mojo = mojo(null);
        mojo.skip = true;
        mojo.execute();
        assertThat(mojo.workDirectory).doesNotExist();
    }

    @Test
    void anUnknownCheckIsNamedWithTheParameterAndTheAllowedChecks() throws Exception {
        VerifyMojo mojo = mojo(Files.createFile(directory.resolve("acme-archetype-1.0.jar")).toFile());
        mojo.checks = "tally,\n  lint";
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessage("rustkit:verify: <checks> (rustkit.verify.checks): \"lint\" is not a check. Allowed:"
                        + " tally, hadolint, actionlint, zizmor, fetch, deny, fmt, clippy, test, build, run, lock.");
        assertThat(mojo.workDirectory).doesNotExist();
    }

    @Test
    void aMatrixEntryWithAnEmptyValueIsRefused() throws Exception {
        VerifyMojo mojo = mojo(Files.createFile(directory.resolve("acme-archetype-1.0.jar")).toFile());
        mojo.matrix = Map.of("allocator", "mimalloc,,system");
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessage("rustkit:verify: <matrix> \"allocator=mimalloc,,system\": expected name=value1,value2,…"
                        + " with no empty value.");
    }

    @Test
    void aMatrixNameThatIsAlsoAPropertyIsRefused() throws Exception {
        VerifyMojo mojo = mojo(Files.createFile(directory.resolve("acme-archetype-1.0.jar")).toFile());
        mojo.properties = Map.of("allocator", "jemalloc");
        mojo.matrix = Map.of("allocator", "system");
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessage("rustkit:verify: <matrix> \"allocator=system\": allocator is already given.");
    }

    private VerifyMojo mojo(File jar) {
        MavenProject project = new MavenProject();
        project.setArtifactId("acme-archetype");
        DefaultArtifact artifact = new DefaultArtifact("com.acme", "acme-archetype", "1.0", "compile",
                "maven-archetype", null, new DefaultArtifactHandler("maven-archetype"));
        artifact.setFile(jar);
        project.setArtifact(artifact);
        VerifyMojo mojo = new VerifyMojo();
        mojo.project = project;
        mojo.report = directory.resolve("report.xml").toFile();
        mojo.workDirectory = directory.resolve("work").toFile();
        mojo.target = "x86_64-unknown-linux-gnu";
        return mojo;
    }
}

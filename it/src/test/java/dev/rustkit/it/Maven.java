package dev.rustkit.it;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.maven.shared.invoker.DefaultInvocationRequest;
import org.apache.maven.shared.invoker.DefaultInvoker;
import org.apache.maven.shared.invoker.InvocationRequest;
import org.apache.maven.shared.invoker.InvocationResult;
import org.apache.maven.shared.invoker.Invoker;
import org.apache.maven.shared.invoker.MavenInvocationException;

/** Real {@code mvn archetype:generate -B}, run through Maven Invoker with the Maven of this build. */
final class Maven {
    static final String ARCHETYPE_PLUGIN = "org.apache.maven.plugins:maven-archetype-plugin:3.4.1:generate";
    /**
     * Each generate is a JVM that lives a few seconds: the quick JIT tier and the serial collector start it faster
     * (as scripts/scaffolder does); neither changes what Maven generates.
     */
    static final String SHORT_RUN_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    record Outcome(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    /** Generates {@code archetype} into {@code outputDirectory} with the given properties, in batch mode. */
    static Outcome generate(Archetype archetype, Path outputDirectory, Map<String, String> properties) {
        return generate("dev.rustkit:" + archetype.artifactId() + ":" + TestSettings.rustkitVersion(), outputDirectory,
                properties, new File(TestSettings.localRepository()));
    }

    /**
     * Generates the archetype {@code groupId:artifactId:version} found in {@code localRepository}; a repository other
     * than the build's is chained to it (maven.repo.local.tail) for the plugins, and Maven runs offline.
     */
    static Outcome generate(String coordinates, Path outputDirectory, Map<String, String> properties, File localRepository) {
        String[] gav = coordinates.split(":");
        Properties all = new Properties();
        all.setProperty("archetypeGroupId", gav[0]);
        all.setProperty("archetypeArtifactId", gav[1]);
        all.setProperty("archetypeVersion", gav[2]);
        all.putAll(properties);
        // Several of these Maven processes may share one local repository at a time (see junit-platform.properties):
        // the resolver's file locks keep one from reading what another is still writing.
        all.setProperty("aether.syncContext.named.factory", "file-lock");
        all.setProperty("aether.syncContext.named.nameMapper", "file-gav");
        boolean ownRepository = !localRepository.equals(new File(TestSettings.localRepository()));
        if (ownRepository) {
            all.setProperty("maven.repo.local.tail", TestSettings.localRepository());
        }

        StringBuilder output = new StringBuilder();
        InvocationRequest request = new DefaultInvocationRequest()
                .setBatchMode(true)
                .setGoals(List.of(ARCHETYPE_PLUGIN))
                .setBaseDirectory(outputDirectory.toFile())
                .setProperties(all)
                .setLocalRepositoryDirectory(localRepository)
                .setOffline(ownRepository)
                .setNoTransferProgress(true)
                .setMavenOpts(SHORT_RUN_JVM)
                .setOutputHandler(line -> output.append(line).append('\n'))
                .setErrorHandler(line -> output.append(line).append('\n'));
        Invoker invoker = new DefaultInvoker().setMavenHome(new File(TestSettings.mavenHome()));
        try {
            InvocationResult result = invoker.execute(request);
            return new Outcome(result.getExitCode(), output.toString());
        } catch (MavenInvocationException e) {
            throw new IllegalStateException("Cannot run Maven from " + TestSettings.mavenHome(), e);
        }
    }

    private Maven() {}
}

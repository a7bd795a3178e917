package dev.rustkit.it;

import dev.rustkit.verifier.support.Command;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the build hands the tests (see the failsafe configuration in it/pom.xml). */
final class TestSettings {

    static String mavenHome() {
        return required("maven.home");
    }

    static String localRepository() {
        return required("rustkit.localRepository");
    }

    static String rustkitVersion() {
        return required("rustkit.version");
    }

    static Path repoRoot() {
        return Path.of(required("rustkit.repoRoot"));
    }

    static boolean updateSnapshots() {
        return Boolean.parseBoolean(System.getProperty("rustkit.snapshots.update", "false"));
    }

    /** A tool the suite installs under .tools/bin (scripts/install-tools), else the one on PATH. */
    static String tool(String name) {
        Path local = repoRoot().resolve(".tools/bin").resolve(name);
        return Files.isExecutable(local) ? local.toString() : name;
    }

    /**
     * A cargo subcommand the suite installs ({@code cargo chef}, {@code cargo deny}), run through cargo itself:
     * cargo-chef needs the {@code CARGO} variable that cargo sets for its subcommands.
     */
    static Command cargoSubcommand(String... arguments) {
        String[] argv = new String[arguments.length + 1];
        argv[0] = "cargo";
        System.arraycopy(arguments, 0, argv, 1, arguments.length);
        return Command.of(argv).env("PATH", repoRoot().resolve(".tools/bin") + ":" + System.getenv("PATH"));
    }

    /** Where the suite keeps build output it shares between tests: one Cargo target dir per kind of build. */
    static Path workDirectory() {
        return repoRoot().resolve("it/target/work");
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException("System property " + name + " is not set: run the tests through Maven"
                    + " (./mvnw install), which sets it.");
        }
        return value;
    }

    private TestSettings() {}
}

package dev.rustkit.verifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A generated project as the checks see it: its directory, its crate (and binary) name, the environment its cargo
 * commands need (a private registry's token, say), and the work directory whose Cargo target dirs every project of
 * a run shares, so that dependencies compile once per kind of build.
 */
public record Project(Path directory, String name, Map<String, String> cargoEnvironment, Path workDirectory) {

    public Project {
        cargoEnvironment = Map.copyOf(cargoEnvironment);
    }

    public Path file(String relative) {
        return directory.resolve(relative);
    }

    public String read(String relative) {
        try {
            return Files.readString(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shared target dir for one kind of build ({@code debug}, {@code static}, {@code dynamic}). */
    public Path targetDirectory(String kind) {
        return workDirectory.resolve("cargo-" + kind);
    }
}

package dev.rustkit.verifier.support;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** Finds a program on this process's PATH (plus the sbin directories root's PATH may lack). */
public final class Executables {

    /** The program, or a {@link MissingToolException} that names it and says how to get it. */
    public static Path find(String name) {
        return lookup(name).orElseThrow(() -> new MissingToolException(name));
    }

    public static Optional<Path> lookup(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/sbin:/sbin";
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** A program a check needs is not installed. */
    public static final class MissingToolException extends RuntimeException {
        private final String tool;

        MissingToolException(String tool) {
            super(tool + " is not on PATH. rustkit's scripts/install-tools installs every tool the checks use, pinned,"
                    + " into .tools/bin: run it and put that directory on PATH (scripts/install-tools --print-path"
                    + " prints it).");
            this.tool = tool;
        }

        public String tool() {
            return tool;
        }
    }

    private Executables() {}
}

package dev.rustkit.verifier.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What an ELF file says about its own linking (read with binutils' readelf) and about what was compiled in. */
public final class Elf {

    /** No program interpreter (so no dynamic loader) and no shared library the binary needs. */
    public static void assertFullyStatic(Path binary) {
        String headers = Command.of("readelf", "--program-headers", "--wide", binary.toString()).runOrFail().output();
        String dynamic = Command.of("readelf", "--dynamic", "--wide", binary.toString()).runOrFail().output();
        assertThat(headers).as("program headers of %s", binary).contains("LOAD").doesNotContain("INTERP");
        assertThat(dynamic).as("dynamic section of %s", binary).doesNotContain("(NEEDED)");
    }

    // Text that only the allocator's own C code carries (its error and warning messages): still there in a stripped
    // release binary, and independent of what the service logs about itself.
    private static final Map<String, String> ALLOCATOR_MESSAGES = Map.of(
            "mimalloc", "mimalloc: warning: ",
            "jemalloc", "<jemalloc>: ");

    /** The C allocators compiled into the binary, by their messages: empty for Rust's system allocator. */
    public static Set<String> allocatorsCompiledIn(Path binary) {
        try {
            String bytes = new String(Files.readAllBytes(binary), StandardCharsets.ISO_8859_1);
            Set<String> found = new TreeSet<>();
            ALLOCATOR_MESSAGES.forEach((allocator, message) -> {
                if (bytes.contains(message)) {
                    found.add(allocator);
                }
            });
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Elf() {}
}

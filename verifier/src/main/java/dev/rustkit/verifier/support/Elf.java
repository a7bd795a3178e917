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
import java.util.regex.Pattern;

/** What an ELF file says about its own linking (read with binutils' readelf) and about what was compiled in. */
public final class Elf {

    /** No program interpreter (so no dynamic loader) and no shared library the binary needs. */
    public static void assertFullyStatic(Path binary) {
        String headers = Command.of("readelf", "--program-headers", "--wide", binary.toString()).runOrFail().output();
        String dynamic = Command.of("readelf", "--dynamic", "--wide", binary.toString()).runOrFail().output();
        assertThat(headers).as("program headers of %s", binary).contains("LOAD").doesNotContain("INTERP");
        assertThat(dynamic).as("dynamic section of %s", binary).doesNotContain("(NEEDED)");
    }

    /**
     * A fully static musl executable for {@code machine} (as readelf's header names it: "Advanced Micro Devices
     * X86-64", "AArch64"): {@link #assertFullyStatic}, and musl's C library inside, not glibc. musl's strerror
     * table says "No error information" (glibc says "Unknown error"; Rust's std calls strerror_r, so the table is
     * always linked); a static glibc still carries its tunables' variable name (GLIBC_TUNABLES), its crt1's ABI
     * note (.note.ABI-tag) and, when anything dlopens, libc.so.6's name. A gnu binary taken for the musl one fails
     * here.
     */
    public static void assertStaticMusl(Path binary, String machine) {
        assertFullyStatic(binary);
        String header = Command.of("readelf", "--file-header", "--wide", binary.toString()).runOrFail().output();
        assertThat(header).as("ELF header of %s", binary)
                .containsPattern("Machine: +" + Pattern.quote(machine) + "\\R");
        String sections = Command.of("readelf", "--section-headers", "--wide", binary.toString()).runOrFail()
                .output();
        assertThat(sections).as("sections of %s: glibc's crt1 brings the ABI note", binary)
                .doesNotContain(".note.ABI-tag");
        String bytes = contents(binary);
        assertThat(bytes.contains("No error information")).as("musl's strerror text in %s", binary).isTrue();
        for (String glibc : new String[] {"GLIBC_", "libc.so.6", "ld-linux"}) {
            assertThat(bytes.contains(glibc)).as("glibc's \"%s\" in %s", glibc, binary).isFalse();
        }
    }

    // Text that only the allocator's own C code carries (its error and warning messages): still there in a stripped
    // release binary, and independent of what the service logs about itself.
    private static final Map<String, String> ALLOCATOR_MESSAGES = Map.of(
            "mimalloc", "mimalloc: warning: ",
            "jemalloc", "<jemalloc>: ");

    /** The C allocators compiled into the binary, by their messages: empty for Rust's system allocator. */
    public static Set<String> allocatorsCompiledIn(Path binary) {
        String bytes = contents(binary);
        Set<String> found = new TreeSet<>();
        ALLOCATOR_MESSAGES.forEach((allocator, message) -> {
            if (bytes.contains(message)) {
                found.add(allocator);
            }
        });
        return found;
    }

    /** The file's bytes, one char each, for searching text the binary carries. */
    private static String contents(Path binary) {
        try {
            return new String(Files.readAllBytes(binary), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Elf() {}
}

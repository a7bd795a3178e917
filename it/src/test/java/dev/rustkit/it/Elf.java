package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** What an ELF file says about its own linking, read with binutils' readelf. */
final class Elf {

    /** No program interpreter (so no dynamic loader) and no shared library the binary needs. */
    static void assertFullyStatic(Path binary) {
        String headers = Command.of("readelf", "--program-headers", "--wide", binary.toString()).runOrFail().output();
        String dynamic = Command.of("readelf", "--dynamic", "--wide", binary.toString()).runOrFail().output();
        assertThat(headers).as("program headers of %s", binary).contains("LOAD").doesNotContain("INTERP");
        assertThat(dynamic).as("dynamic section of %s", binary).doesNotContain("(NEEDED)");
    }

    private Elf() {}
}

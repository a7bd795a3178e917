package dev.rustkit.it;

import dev.rustkit.scaffolder.GeneratedTree;
import dev.rustkit.scaffolder.GenerationRequest;
import dev.rustkit.verifier.support.Command;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The zip, extracted by {@code unzip} and by Java, holds the very tree (and, for unzip, the modes) writeTo writes. */
class ScaffolderZipIT {

    @ParameterizedTest
    @MethodSource("dev.rustkit.it.Archetype#selected")
    void theZipExtractsToTheTreeTheDirectoryOutputHas(Archetype archetype) throws IOException {
        GeneratedTree tree = Scaffolding.engine().generate(GenerationRequest.of(archetype.id(), archetype.properties()));
        Path work = Scaffolding.workDirectory("zip-");
        tree.writeTo(work.resolve("directory"));
        ProjectTree expected = ProjectTree.of(work.resolve("directory"));
        Path zip = work.resolve("project.zip");
        try (OutputStream out = Files.newOutputStream(zip)) {
            tree.writeZip(out);
        }

        Command.of("unzip", "-q", zip.toString(), "-d", work.resolve("unzip").toString()).runOrFail();
        ProjectTree.of(work.resolve("unzip")).assertSameAs(expected, "extracted by unzip vs written by writeTo");

        Path java = Files.createDirectory(work.resolve("java"));
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                Path target = java.resolve(entry.getName()).normalize();
                if (!target.startsWith(java)) {
                    throw new IllegalStateException("zip entry outside the project: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(entries, target);
                }
            }
        }
        // Java's zip API cannot read unix modes: the content and the paths are what this extraction can show.
        ProjectTree.of(java).withoutModes().assertSameAs(expected.withoutModes(),
                "extracted by java.util.zip vs written by writeTo");
    }
}

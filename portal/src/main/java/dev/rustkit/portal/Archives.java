package dev.rustkit.portal;

import dev.rustkit.scaffolder.GeneratedFile;
import dev.rustkit.scaffolder.GeneratedTree;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The two archive formats, each made whole in memory before a byte is sent: a request that fails never yields a
 * partial archive. Both are reproducible: the same project gives the same bytes.
 */
final class Archives {
    /** The time the engine's zips give their entries (1980-01-01 00:00), so zip and tgz extract alike. */
    static final Instant ENTRY_TIME = Instant.parse("1980-01-01T00:00:00Z");
    private static final int DIRECTORY = 0040000;
    private static final int FILE = 0100000;

    /** The engine's own zip: with an empty baseDir, byte for byte what {@code scaffolder new --zip} writes. */
    static byte[] zip(GeneratedTree tree, String baseDir) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            tree.writeZip(out, baseDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /**
     * A POSIX tar, gzip-compressed: directories first (0755), then files (0644, or 0755 for scripts), owned by uid and
     * gid 0 with no names, so extracting as any user gives that user's files.
     */
    static byte[] tgz(GeneratedTree tree, String baseDir) {
        String prefix = baseDir.isEmpty() ? "" : baseDir + "/";
        List<String> directories = new ArrayList<>();
        for (int slash = prefix.indexOf('/'); slash >= 0; slash = prefix.indexOf('/', slash + 1)) {
            directories.add(prefix.substring(0, slash + 1));
        }
        tree.directories().forEach(directory -> directories.add(prefix + directory + "/"));
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(fastGzip(out), "UTF-8")) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (String directory : directories) {
                tar.putArchiveEntry(entry(directory, DIRECTORY | 0755, 0));
                tar.closeArchiveEntry();
            }
            for (GeneratedFile file : tree.files()) {
                tar.putArchiveEntry(entry(prefix + file.path(), FILE | file.mode(), file.size()));
                tar.write(file.content());
                tar.closeArchiveEntry();
            }
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** gzip at the level the engine's zips deflate with (see its ZipWriter): speed over the last 9% of size. */
    private static GZIPOutputStream fastGzip(ByteArrayOutputStream out) throws IOException {
        return new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }

    private static TarArchiveEntry entry(String name, int mode, long size) {
        TarArchiveEntry entry = new TarArchiveEntry(name, true); // true: keep the name as given, not "fixed"
        entry.setMode(mode);
        entry.setSize(size);
        entry.setLastModifiedTime(FileTime.from(ENTRY_TIME));
        entry.setIds(0, 0);
        entry.setNames("", "");
        return entry;
    }

    private Archives() {}
}

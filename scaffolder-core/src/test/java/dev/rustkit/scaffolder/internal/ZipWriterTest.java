package dev.rustkit.scaffolder.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZipWriterTest {

    @ParameterizedTest
    @ValueSource(strings = {"/etc/passwd", "../x", "a/../../x", "a/./b", "a//b", "a\\b", "..", ""})
    void refusesEntryNamesAnExtractorCouldBeTrickedWith(String name) {
        assertThatThrownBy(() -> ZipWriter.name(name)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * The deflate cache keys on the whole content, hashed by its CRC-32: two files of the same length and the same
     * CRC-32 (a compressible prefix, then two 8-byte tails that collide: CRC-32 is linear, so they collide after any
     * prefix of the same length) each come back as themselves, in the first zips and in the next ones (served from the
     * cache), and all the zips are the same bytes.
     */
    @Test
    void contentsWithTheSameCrcEachUnzipToThemselves() throws Exception {
        byte[] prefix = "fn main() { println!(\"hello\"); }\n".repeat(40).getBytes(StandardCharsets.UTF_8);
        byte[] a = withTail(prefix, 0x6863da74f8e7c02cL);
        byte[] b = withTail(prefix, 0x5655d0298b34e7f3L);
        assertThat(crc(a)).isEqualTo(crc(b));
        assertThat(a).isNotEqualTo(b);
        List<ZipWriter.File> files = List.of(new ZipWriter.File("a.rs", false, a), new ZipWriter.File("b.rs", false, b));
        byte[] first = zip(files); // deflated, and cached under the same CRC
        byte[] second = zip(files); // from the cache
        assertThat(second).isEqualTo(first);
        Map<String, byte[]> unzipped = unzip(second);
        assertThat(unzipped.get("a.rs")).isEqualTo(a);
        assertThat(unzipped.get("b.rs")).isEqualTo(b);
        assertThat(first.length).as("deflated, not stored").isLessThan(prefix.length);
    }

    private static byte[] withTail(byte[] prefix, long tail) {
        return ByteBuffer.allocate(prefix.length + Long.BYTES).put(prefix).putLong(tail).array();
    }

    private static long crc(byte[] content) {
        CRC32 crc = new CRC32();
        crc.update(content);
        return crc.getValue();
    }

    private static byte[] zip(List<ZipWriter.File> files) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ZipWriter.write(out, "", files, List.of());
        return out.toByteArray();
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }
}

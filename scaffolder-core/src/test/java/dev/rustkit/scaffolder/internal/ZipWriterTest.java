package dev.rustkit.scaffolder.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustkit.scaffolder.GeneratedFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
     * The deflate cache keys on the whole content: two files whose contents share {@link Arrays#hashCode} (a
     * compressible prefix, then {0, 31} or {1, 0}) each come back as themselves, in the first zip and in the next
     * (served from the cache), and both zips are the same bytes.
     */
    @Test
    void contentsWithTheSameHashEachUnzipToThemselves() throws Exception {
        byte[] prefix = "fn main() { println!(\"hello\"); }\n".repeat(40).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] a = Arrays.copyOf(prefix, prefix.length + 2);
        byte[] b = Arrays.copyOf(prefix, prefix.length + 2);
        a[prefix.length] = 0;
        a[prefix.length + 1] = 31;
        b[prefix.length] = 1;
        b[prefix.length + 1] = 0;
        assertThat(Arrays.hashCode(a)).isEqualTo(Arrays.hashCode(b));
        List<GeneratedFile> files = List.of(new GeneratedFile("a.rs", 0644, a), new GeneratedFile("b.rs", 0644, b));
        byte[] first = zip(files);
        byte[] second = zip(files);
        assertThat(second).isEqualTo(first);
        Map<String, byte[]> unzipped = unzip(second);
        assertThat(unzipped.get("a.rs")).isEqualTo(a);
        assertThat(unzipped.get("b.rs")).isEqualTo(b);
        assertThat(first.length).as("deflated, not stored").isLessThan(prefix.length);
    }

    private static byte[] zip(List<GeneratedFile> files) throws Exception {
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

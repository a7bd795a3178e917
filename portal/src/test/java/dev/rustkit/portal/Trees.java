package dev.rustkit.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Project trees on disk as comparable values (relative path to mode and content digest), and the engine's own
 * answer for a set of inputs: the {@code scaffolder new} CLI run on the same archetype jars the portal serves.
 */
final class Trees {
    private Trees() {}

    /** Every regular file under {@code dir}: {@code path -> "0644 <sha-256>"}. */
    static Map<String, String> read(Path dir) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                int mode = (Integer) Files.getAttribute(file, "unix:mode") & 07777;
                tree.put(dir.relativize(file).toString().replace('\\', '/'),
                        String.format("%04o %s", mode, sha256(Files.readAllBytes(file))));
            }
        }
        return tree;
    }

    /** What {@code scaffolder new <archetype> <dir> -p k=v ...} writes, read back. */
    static Map<String, String> engine(Path work, String archetype, Map<String, String> properties) throws Exception {
        Path dir = work.resolve("engine-" + archetype + "-" + Integer.toHexString(properties.hashCode()));
        delete(dir);
        List<String> command = new ArrayList<>(List.of("java", "-jar", System.getProperty("scaffolder.jar"), "new",
                archetype, dir.toString(), "--archetypes=" + System.getProperty("portal.archetypes")));
        properties.forEach((k, v) -> command.addAll(List.of("-p", k + "=" + v)));
        run(work, command);
        return read(dir);
    }

    /** Runs a command to success; its output is the failure message otherwise. */
    static String run(Path dir, List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("%s:%n%s", command, output).isZero();
        return output;
    }

    static Path fresh(Path dir) throws IOException {
        delete(dir);
        return Files.createDirectories(dir);
    }

    static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

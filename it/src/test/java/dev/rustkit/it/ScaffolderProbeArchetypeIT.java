package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.rustkit.scaffolder.GenerationRequest;
import dev.rustkit.scaffolder.Scaffolder;
import dev.rustkit.scaffolder.archetype.PropertyRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * scaffolder-core against real {@code mvn archetype:generate -B} on a made-up archetype (src/test/resources/
 * probe-archetype) that uses what today's archetypes do not, but tomorrow's may: Velocity comments, escapes, quiet
 * and undefined references, #set carried from one template (and from pom.xml) to the next, nested and relative
 * #parse, defaults built from other properties, a given value holding ${...}, hyphenated property names, CRLF and
 * lone CR, a byte order mark, a Latin-1 fileSet, binary bytes, file name tokens, a packaged fileSet, excludes, an
 * empty fileSet directory, includeCondition, directory entries matched by **, a file two fileSets claim, and a
 * script (made executable) beside a Rust file starting with #! (which is not). It is installed into a local repository of its own, chained to the build's, so nothing leaks.
 */
class ScaffolderProbeArchetypeIT {
    private static final String COORDINATES = "dev.rustkit.it:probe-archetype:1.0";
    private static Path repository;
    private static Path jar;

    @BeforeAll
    static void buildAndInstallTheProbe() throws Exception {
        repository = Scaffolding.workDirectory("probe-repo-");
        Path artifact = Files.createDirectories(repository.resolve("dev/rustkit/it/probe-archetype/1.0"));
        jar = artifact.resolve("probe-archetype-1.0.jar");
        String pom = """
                <project>
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>dev.rustkit.it</groupId>
                  <artifactId>probe-archetype</artifactId>
                  <version>1.0</version>
                  <description>Every template feature, to compare scaffolder-core with Maven.</description>
                </project>
                """;
        Files.writeString(artifact.resolve("probe-archetype-1.0.pom"), pom);
        Path sources = Path.of(ScaffolderProbeArchetypeIT.class.getResource("/probe-archetype").toURI());
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            try (Stream<Path> paths = Files.walk(sources)) {
                for (Path path : paths.sorted().toList()) {
                    String name = sources.relativize(path).toString().replace('\\', '/');
                    if (name.isEmpty()) {
                        continue;
                    }
                    put(zip, Files.isDirectory(path) ? name + "/" : name,
                            Files.isDirectory(path) ? null : Files.readAllBytes(path));
                }
            }
            put(zip, "archetype-resources/eol-crlf.txt", bytes("crlf $artifactId\r\nlone cr\rlf\n\r\n"));
            put(zip, "archetype-resources/eol-raw.txt", bytes("crlf kept\r\nlone cr kept\r"));
            put(zip, "archetype-resources/bom.txt", bytes("\uFEFFafter a byte order mark: $artifactId\n"));
            put(zip, "archetype-resources/latin1/latin.txt", "caf\u00e9 for $artifactId, \u00a9\n".getBytes(StandardCharsets.ISO_8859_1));
            byte[] binary = new byte[256];
            for (int i = 0; i < binary.length; i++) {
                binary[i] = (byte) i;
            }
            put(zip, "archetype-resources/binary.bin", binary);
            put(zip, "META-INF/maven/dev.rustkit.it/probe-archetype/pom.xml", bytes(pom));
            put(zip, "META-INF/archetype-post-generate.groovy", Files.readAllBytes(
                    TestSettings.repoRoot().resolve("archetypes/templates/meta/archetype-post-generate.groovy")));
            packRuleTable(zip);
        }
    }

    static Stream<Arguments> propertySets() {
        Map<String, String> overridden = GeneratedProject.oddProperties("zz-orders_api2");
        overridden.putAll(Map.of("port", "9090", "withDocker", "false", "withHelm", "true", "feature-flag", "off",
                "service", "custom", "greeting", "hi ${artifactId} on ${port}"));
        Map<String, String> blank = GeneratedProject.oddProperties("zz-orders_api2");
        blank.putAll(Map.of("service", "", "image", " "));
        return Stream.of(
                Arguments.of("defaults, artifactId alone", new LinkedHashMap<>(Map.of("artifactId", "probe-app"))),
                Arguments.of("every default overridden", overridden),
                Arguments.of("blank values take the defaults", blank));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("propertySets")
    void theEngineGeneratesExactlyWhatMavenGenerates(String name, Map<String, String> properties) throws IOException {
        Path output = Scaffolding.workDirectory("probe-");
        Maven.Outcome outcome = Maven.generate(COORDINATES, output, properties, repository.toFile());
        if (!outcome.succeeded()) {
            fail("mvn archetype:generate failed for the probe with " + properties + ":\n" + outcome.output());
        }
        Path maven = output.resolve(properties.get("artifactId"));
        ProjectTree expected = ProjectTree.of(maven);

        Path engine = output.resolve("engine");
        Scaffolder.fromJars(List.of(jar)).generate(GenerationRequest.of("probe", properties)).writeTo(engine);

        ProjectTree.of(engine).assertSameAs(expected, "probe: scaffolder-core vs mvn archetype:generate");
        // Both sides agreeing on nothing would pass too: check the traps were really there.
        assertThat(Scaffolder.fromJars(List.of(jar)).archetype("probe").orElseThrow().property("groupId").orElseThrow()
                .required()).as("groupId has a default here").isFalse();
        assertThat(expected.modes()).containsEntry("bin/run.sh", "rwxr-xr-x").containsEntry("lib.rs", "rw-r--r--")
                .containsKey("empty-dir/")
                .containsKey("binary.bin").doesNotContainKey("pom.xml");
        assertThat(new String(expected.contents().get("hazards.txt"), StandardCharsets.UTF_8))
                .doesNotContain("Velocity comment").contains("${{ github.workflow }}");
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        if (content != null) {
            zip.write(content);
        }
        zip.closeEntry();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The rule table classes, from the scaffolder-core this build made, as the archetype build packs them. */
    private static void packRuleTable(ZipOutputStream zip) throws IOException, URISyntaxException {
        String prefix = PropertyRule.class.getPackageName().replace('.', '/') + "/";
        Path core = Path.of(PropertyRule.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(core)) {
            try (Stream<Path> classes = Files.list(core.resolve(prefix))) {
                for (Path file : classes.sorted().toList()) {
                    put(zip, prefix + file.getFileName(), Files.readAllBytes(file));
                }
            }
            return;
        }
        try (JarFile coreJar = new JarFile(core.toFile())) {
            for (JarEntry entry : coreJar.stream().filter(e -> e.getName().startsWith(prefix) && !e.isDirectory()).toList()) {
                try (InputStream in = coreJar.getInputStream(entry)) {
                    put(zip, entry.getName(), in.readAllBytes());
                }
            }
        }
    }
}

package dev.rustkit.scaffolder;

import dev.rustkit.scaffolder.archetype.PropertyRule;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * An archetype jar made up by a test, entries in the order they are added (the order Maven renders in). By default it
 * is a rustkit archetype: the rule table classes and the post-generate script are packed in, as the build packs them.
 */
public final class TestArchetype {
    static final String RULES = PropertyRule.class.getPackageName().replace('.', '/');
    private final Map<String, byte[]> entries = new LinkedHashMap<>();

    private TestArchetype(String artifactId, String description) {
        text("META-INF/maven/dev.rustkit.test/" + artifactId + "/pom.xml", """
                <project>
                  <groupId>dev.rustkit.test</groupId>
                  <artifactId>%s</artifactId>
                  <version>9.9.9</version>
                  <description>
                    %s
                  </description>
                </project>
                """.formatted(artifactId, description));
    }

    public static TestArchetype named(String artifactId, String description) {
        return new TestArchetype(artifactId, description);
    }

    /** A small rustkit archetype with the properties and kinds of file the real ones have. */
    public static TestArchetype rustkit(String artifactId) {
        return named(artifactId, "A test service.")
                .descriptor("""
                        <requiredProperties>
                          <requiredProperty key="port"><defaultValue>8080</defaultValue></requiredProperty>
                          <requiredProperty key="allocator"><defaultValue>mimalloc</defaultValue></requiredProperty>
                        </requiredProperties>
                        <fileSets>
                          <fileSet filtered="true"><directory></directory><includes><include>Cargo.toml</include><include>src/main.rs</include></includes></fileSet>
                          <fileSet filtered="false"><directory></directory><includes><include>.gitignore</include></includes></fileSet>
                        </fileSets>
                        """)
                .resource("pom.xml", "<project><artifactId>${artifactId}</artifactId></project>\n")
                .resource("Cargo.toml", "[package]\nname = \"${artifactId}\"\n#parse(\"/META-INF/rustkit/fragments/features.toml\")\n")
                .resource("src/main.rs", "#set($crate = $artifactId.replace(\"-\", \"_\"))\nuse ${crate}::run;\nconst PORT: u16 = ${port};\n")
                .resource(".gitignore", "/target\n${notSubstituted}\n")
                .text("META-INF/rustkit/fragments/features.toml", "default = [#if($allocator != \"system\")\"${allocator}\"#end]\n")
                .withRustkitCode();
    }

    public TestArchetype descriptor(String body) {
        return text("META-INF/maven/archetype-metadata.xml",
                "<archetype-descriptor name=\"test\">\n" + body + "</archetype-descriptor>\n");
    }

    public TestArchetype resource(String path, String text) {
        return text("archetype-resources/" + path, text);
    }

    public TestArchetype text(String name, String text) {
        entries.put(name, text.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public TestArchetype without(String name) {
        entries.remove(name);
        return this;
    }

    /** The rule table classes from this build and rustkit's post-generate script, as every archetype jar holds them. */
    public TestArchetype withRustkitCode() {
        try {
            Path classes = Path.of(PropertyRule.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (Stream<Path> files = Files.list(classes.resolve(RULES))) {
                for (Path file : files.sorted().toList()) {
                    entries.put(RULES + "/" + file.getFileName(), Files.readAllBytes(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return text("META-INF/archetype-post-generate.groovy", """
                def loader = Thread.currentThread().contextClassLoader
                loader.loadClass('dev.rustkit.scaffolder.archetype.PostGenerate')
                        .run(request.outputDirectory, request.properties)
                """);
    }

    public Path writeTo(Path directory) {
        String artifactId = entries.keySet().stream()
                .filter(name -> name.startsWith("META-INF/maven/dev.rustkit.test/"))
                .map(name -> name.split("/")[3]).findFirst().orElse("unnamed");
        Path jar = directory.resolve(artifactId + "-9.9.9.jar");
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    public Scaffolder load(Path directory) {
        return Scaffolder.fromJars(java.util.List.of(writeTo(directory)));
    }
}

package dev.rustkit.scaffolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustkit.scaffolder.archetype.InvalidPropertiesException;
import dev.rustkit.scaffolder.archetype.PostGenerate;
import dev.rustkit.scaffolder.archetype.Problem;
import dev.rustkit.scaffolder.archetype.PropertyRule;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScaffolderTest {
    @TempDir
    Path jars;

    private static GenerationRequest request(String archetype) {
        return GenerationRequest.of(archetype).with("groupId", "ilove.rust.us").with("artifactId", "zz-orders_api2");
    }

    @Test
    void catalogListsEveryArchetypeWithItsIdDescriptionAndProperties() {
        TestArchetype.rustkit("beta-archetype").writeTo(jars);
        TestArchetype.rustkit("alpha-archetype").writeTo(jars);

        Scaffolder scaffolder = Scaffolder.fromJars(List.of(jars));

        assertThat(scaffolder.archetypes()).extracting(ArchetypeSpec::id).containsExactly("alpha", "beta");
        ArchetypeSpec alpha = scaffolder.archetype("alpha").orElseThrow();
        assertThat(alpha.description()).isEqualTo("A test service.");
        assertThat(alpha.properties()).extracting(PropertySpec::name)
                .containsExactly("artifactId", "port", "allocator", "groupId", "version", "package");
    }

    @Test
    void theCatalogCanComeFromTheClassPath() throws Exception {
        Path jar = TestArchetype.rustkit("svc-archetype").writeTo(jars);
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null)) {
            assertThat(Scaffolder.fromClasspath(loader).archetypes()).extracting(ArchetypeSpec::id).containsExactly("svc");
        }
    }

    @Test
    void propertySchemaComesFromTheArchetypesOwnRuleTable() {
        ArchetypeSpec spec = TestArchetype.rustkit("svc-archetype").load(jars).archetype("svc").orElseThrow();

        PropertySpec port = spec.property("port").orElseThrow();
        assertThat(port.type()).isEqualTo(PropertySpec.Type.INTEGER);
        assertThat(port.defaultValue()).isEqualTo("8080");
        assertThat(port.required()).isFalse();
        assertThat(port.description()).isEqualTo(PropertyRule.PORT.description());
        assertThat(port.allowed()).isEqualTo(PropertyRule.PORT.allowed());
        assertThat(port.pattern()).isEqualTo(PropertyRule.PORT.pattern().orElseThrow());
        PropertySpec allocator = spec.property("allocator").orElseThrow();
        assertThat(allocator.type()).isEqualTo(PropertySpec.Type.CHOICE);
        assertThat(allocator.choices()).containsExactly("mimalloc", "jemalloc", "system");
        PropertySpec artifactId = spec.property("artifactId").orElseThrow();
        assertThat(artifactId.required()).isTrue();
        assertThat(artifactId.defaultValue()).isNull();
        assertThat(spec.property("groupId").orElseThrow().required()).as("Maven has no default for groupId").isTrue();
        assertThat(spec.property("version").orElseThrow().defaultValue()).isEqualTo("1.0-SNAPSHOT");
        assertThat(spec.property("package").orElseThrow().required()).as("defaults to groupId").isFalse();
    }

    @Test
    void rendersTemplatesWithTheValuesAndCopiesUnfilteredFilesByteForByte() {
        GeneratedTree tree = TestArchetype.rustkit("svc-archetype").load(jars)
                .generate(request("svc").with("allocator", "jemalloc").with("port", "9000"));

        assertThat(tree.file("Cargo.toml").orElseThrow().text())
                .isEqualTo("[package]\nname = \"zz-orders_api2\"\ndefault = [\"jemalloc\"]\n");
        assertThat(tree.file("src/main.rs").orElseThrow().text())
                .as("the #set line vanishes, as Maven's space gobbling drops it")
                .isEqualTo("use zz_orders_api2::run;\nconst PORT: u16 = 9000;\n");
        assertThat(tree.file(".gitignore").orElseThrow().text()).isEqualTo("/target\n${notSubstituted}\n");
        assertThat(tree.properties()).containsEntry("port", "9000").containsEntry("package", "ilove.rust.us");
    }

    @Test
    void thePomMavenInsistsOnIsNotPartOfTheProject() {
        GeneratedTree tree = TestArchetype.rustkit("svc-archetype").load(jars).generate(request("svc"));

        assertThat(tree.files()).extracting(GeneratedFile::path)
                .containsExactly(".gitignore", "Cargo.toml", "src/main.rs")
                .doesNotContain(PostGenerate.MAVEN_POM);
        assertThat(tree.directories()).containsExactly("src");
        assertThat(tree.files()).allSatisfy(file -> assertThat(file.mode()).isEqualTo(0644));
    }

    @Test
    void withoutThePostGenerateScriptThePomStaysAsMavenLeavesIt() {
        GeneratedTree tree = TestArchetype.rustkit("svc-archetype").without("META-INF/archetype-post-generate.groovy")
                .load(jars).generate(request("svc"));

        assertThat(tree.file("pom.xml").orElseThrow().text())
                .isEqualTo("<project><artifactId>zz-orders_api2</artifactId></project>\n");
    }

    @Test
    void aBlankValueMeansTheDefaultAsInMaven() {
        GeneratedTree tree = TestArchetype.rustkit("svc-archetype").load(jars).generate(request("svc").with("port", " "));

        assertThat(tree.properties()).containsEntry("port", "8080");
    }

    @Test
    void everyProblemIsReportedAtOnceNamingPropertyValueAndWhatIsAllowed() {
        Scaffolder scaffolder = TestArchetype.rustkit("svc-archetype").load(jars);
        GenerationRequest bad = GenerationRequest.of("svc")
                .with("artifactId", "2fast").with("port", "65536").with("allocator", "tcmalloc").with("colour", "red");

        assertThatThrownBy(() -> scaffolder.generate(bad))
                .isInstanceOf(InvalidPropertiesException.class)
                .satisfies(e -> assertThat(((InvalidPropertiesException) e).problems())
                        .extracting(Problem::property, Problem::value)
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple("artifactId", "2fast"),
                                org.assertj.core.groups.Tuple.tuple("port", "65536"),
                                org.assertj.core.groups.Tuple.tuple("allocator", "tcmalloc"),
                                org.assertj.core.groups.Tuple.tuple("groupId", null),
                                org.assertj.core.groups.Tuple.tuple("colour", "red")))
                .hasMessageContaining("port: \"65536\" is not allowed. Allowed: a whole number from 1 to 65535, without leading zeros.")
                .hasMessageContaining("groupId: no value was given.")
                .hasMessageContaining("colour: \"red\" is not allowed. Allowed: only the properties svc defines:"
                        + " artifactId, port, allocator, groupId, version, package.");
    }

    @Test
    void aMissingGroupIdIsOneProblemNotAlsoOneForThePackageDerivedFromIt() {
        Scaffolder scaffolder = TestArchetype.rustkit("svc-archetype").load(jars);

        assertThatThrownBy(() -> scaffolder.generate(GenerationRequest.of("svc").with("artifactId", "orders")))
                .isInstanceOf(InvalidPropertiesException.class)
                .hasMessage("Invalid property: groupId: no value was given. Allowed: any text that is not blank.");
        assertThat(scaffolder.generate(request("svc")).properties()).containsEntry("package", "ilove.rust.us");
    }

    @Test
    void aValueVelocityCannotEvaluateIsAProblemNamingThePropertyGivenNotAnArchetypeFailure() {
        Scaffolder scaffolder = TestArchetype.rustkit("svc-archetype").load(jars);
        String allowed = "Allowed: text Velocity can evaluate, since mvn archetype:generate evaluates every value"
                + " holding '${': each '${' must begin a complete reference such as ${artifactId}.";

        // package defaults to groupId, so Maven evaluates "${x" twice; it is groupId the user gave, and must fix.
        assertThatThrownBy(() -> scaffolder.generate(request("svc").with("groupId", "${x")))
                .isInstanceOf(InvalidPropertiesException.class)
                .hasMessage("Invalid property: groupId: \"${x\" is not allowed. " + allowed);
        // Reported with every other problem at once, each property once.
        assertThatThrownBy(() -> scaffolder.generate(request("svc").with("artifactId", "2fast")
                        .with("package", "a.${b").with("version", "1${v").with("port", "0")))
                .isInstanceOf(InvalidPropertiesException.class)
                .satisfies(e -> assertThat(((InvalidPropertiesException) e).problems())
                        .extracting(Problem::property, Problem::value)
                        .containsExactly(
                                org.assertj.core.groups.Tuple.tuple("artifactId", "2fast"),
                                org.assertj.core.groups.Tuple.tuple("port", "0"),
                                org.assertj.core.groups.Tuple.tuple("version", "1${v"),
                                org.assertj.core.groups.Tuple.tuple("package", "a.${b")))
                .hasMessageContaining("  - package: \"a.${b\" is not allowed. " + allowed);
        // Parsed fine, but fails once evaluated with the other values: still the value's fault.
        assertThatThrownBy(() -> scaffolder.generate(request("svc").with("version", "${artifactId.substring(99)}")))
                .isInstanceOf(InvalidPropertiesException.class)
                .hasMessage("Invalid property: version: \"${artifactId.substring(99)}\" is not allowed. " + allowed);
        // A value that evaluates is used as Maven uses it.
        assertThat(scaffolder.generate(request("svc").with("version", "${artifactId}-1")).properties())
                .containsEntry("version", "${artifactId}-1");
    }

    @Test
    void aDefaultOfTheArchetypesOwnThatCannotBeEvaluatedIsAnArchetypeFailure() {
        Scaffolder scaffolder = TestArchetype.rustkit("svc-archetype")
                .descriptor("""
                        <requiredProperties><requiredProperty key="broken"><defaultValue>a${b</defaultValue></requiredProperty></requiredProperties>
                        <fileSets><fileSet filtered="true"><directory></directory><includes><include>Cargo.toml</include></includes></fileSet></fileSets>
                        """).load(jars);

        assertThatThrownBy(() -> scaffolder.generate(request("svc")))
                .isInstanceOf(ArchetypeException.class).hasMessageContaining("cannot evaluate broken 'a${b'");
    }

    @Test
    void anUnknownArchetypeIsAProblemThatNamesTheInstalledOnes() {
        Scaffolder scaffolder = TestArchetype.rustkit("svc-archetype").load(jars);

        assertThatThrownBy(() -> scaffolder.generate(request("nope")))
                .isInstanceOf(InvalidPropertiesException.class)
                .hasMessage("Invalid property: archetype: \"nope\" is not allowed. Allowed: one of svc.");
    }

    @Test
    void aTemplateSeesWhatAnEarlierTemplateSetAsInMavenWhichSharesOneContext() {
        // Jar order decides: Maven renders a fileSet's files in the order the jar lists them.
        GeneratedTree tree = TestArchetype.named("order-archetype", "x")
                .descriptor("""
                        <fileSets><fileSet filtered="true"><directory></directory>
                          <includes><include>b.txt</include><include>a.txt</include><include>c.txt</include></includes>
                        </fileSet></fileSets>
                        """)
                .resource("pom.xml", "<project/>\n")
                .resource("a.txt", "a sees [$x]\n")
                .resource("b.txt", "#set($x = \"set by b\")\nb\n")
                .resource("c.txt", "c sees [$x]\n")
                .load(jars).generate(request("order"));

        assertThat(tree.file("a.txt").orElseThrow().text()).isEqualTo("a sees [$x]\n");
        assertThat(tree.file("c.txt").orElseThrow().text()).isEqualTo("c sees [set by b]\n");
    }

    @Test
    void lineSeparatorsAreUnifiedAsMavenUnifiesThemInFilteredFilesOnly() {
        GeneratedTree tree = TestArchetype.named("eol-archetype", "x")
                .descriptor("""
                        <fileSets>
                          <fileSet filtered="true"><directory></directory><includes><include>filtered.txt</include></includes></fileSet>
                          <fileSet><directory></directory><includes><include>copied.txt</include></includes></fileSet>
                        </fileSets>
                        """)
                .resource("pom.xml", "<project/>\n")
                .resource("filtered.txt", "crlf\r\nlone\rcr\n")
                .resource("copied.txt", "crlf\r\n")
                .load(jars).generate(request("eol"));

        String separator = System.lineSeparator();
        assertThat(tree.file("filtered.txt").orElseThrow().text())
                .isEqualTo("crlf" + separator + "lone" + separator + "cr" + separator);
        assertThat(tree.file("copied.txt").orElseThrow().text()).isEqualTo("crlf\r\n");
    }

    @Test
    void defaultsMayReferToOtherPropertiesAndVersionAndPackageDefaultAsInMaven() {
        GeneratedTree tree = TestArchetype.named("defaults-archetype", "x")
                .descriptor("""
                        <requiredProperties>
                          <requiredProperty key="image"><defaultValue>${service}-image</defaultValue></requiredProperty>
                          <requiredProperty key="service"><defaultValue>svc-${artifactId}</defaultValue></requiredProperty>
                          <requiredProperty key="dashed-name"><defaultValue>d</defaultValue></requiredProperty>
                        </requiredProperties>
                        <fileSets><fileSet filtered="true"><directory></directory><includes><include>ctx.txt</include></includes></fileSet></fileSets>
                        """)
                .resource("pom.xml", "<project/>\n")
                .resource("ctx.txt", "$groupId $artifactId $version $package $packageInPathFormat $rootArtifactId $image $dashed-name\n")
                .load(jars).generate(request("defaults"));

        assertThat(tree.file("ctx.txt").orElseThrow().text()).isEqualTo(
                "ilove.rust.us zz-orders_api2 1.0-SNAPSHOT ilove.rust.us ilove/rust/us zz-orders_api2 svc-zz-orders_api2-image d\n");
    }

    @Test
    void fileNameTokensPackagedFileSetsAndEmptyFileSetDirectoriesAreWrittenAsMavenWritesThem() {
        GeneratedTree tree = TestArchetype.named("paths-archetype", "x")
                .descriptor("""
                        <requiredProperties><requiredProperty key="module"><defaultValue>core</defaultValue></requiredProperty></requiredProperties>
                        <fileSets>
                          <fileSet filtered="true"><directory>src</directory><includes><include>**/*.txt</include></includes></fileSet>
                          <fileSet filtered="true" packaged="true"><directory>java</directory><includes><include>**/*.java</include></includes></fileSet>
                          <fileSet><directory>empty</directory><includes><include>nothing-matches</include></includes></fileSet>
                        </fileSets>
                        """)
                .resource("pom.xml", "<project/>\n")
                .resource("src/__module__/__artifactId__.txt", "$module\n")
                .resource("java/App.java", "package $package;\n")
                .load(jars).generate(request("paths"));

        assertThat(tree.files()).extracting(GeneratedFile::path)
                .containsExactly("java/ilove/rust/us/App.java", "pom.xml", "src/core/zz-orders_api2.txt");
        assertThat(tree.directories()).containsExactly(
                "empty", "java", "java/ilove", "java/ilove/rust", "java/ilove/rust/us", "src", "src/core");
    }

    @Test
    void aFileSetWhoseIncludeConditionIsFalseIsSkipped() {
        GeneratedTree tree = TestArchetype.named("cond-archetype", "x")
                .descriptor("""
                        <requiredProperties><requiredProperty key="docker"><defaultValue>false</defaultValue></requiredProperty></requiredProperties>
                        <fileSets>
                          <fileSet includeCondition="${docker}"><directory></directory><includes><include>Dockerfile</include></includes></fileSet>
                        </fileSets>
                        """)
                .resource("pom.xml", "<project/>\n")
                .resource("Dockerfile", "FROM scratch\n")
                .load(jars).generate(request("cond"));

        assertThat(tree.files()).extracting(GeneratedFile::path).containsExactly("pom.xml");
    }

    @Test
    void whenTwoFileSetsWriteOneFileTheFirstWinsAsInMaven() {
        GeneratedTree tree = TestArchetype.named("twice-archetype", "x")
                .descriptor("""
                        <fileSets>
                          <fileSet filtered="true"><directory></directory><includes><include>a.txt</include></includes></fileSet>
                          <fileSet><directory></directory><includes><include>a.txt</include><include>pom.xml</include></includes></fileSet>
                        </fileSets>
                        """)
                .resource("pom.xml", "<project>$artifactId</project>\n")
                .resource("a.txt", "$artifactId\n")
                .load(jars).generate(request("twice"));

        assertThat(tree.file("a.txt").orElseThrow().text()).isEqualTo("zz-orders_api2\n");
        assertThat(tree.file("pom.xml").orElseThrow().text()).isEqualTo("<project>zz-orders_api2</project>\n");
    }

    @Test
    void scriptsGetMode0755AsThePostGenerateStepGivesThem() {
        GeneratedTree tree = TestArchetype.rustkit("svc-archetype")
                .descriptor("""
                        <fileSets><fileSet filtered="true"><directory></directory>
                          <includes><include>check.sh</include><include>lib.rs</include></includes>
                        </fileSet></fileSets>
                        """)
                .resource("check.sh", "#!/bin/sh\necho $artifactId\n")
                .resource("lib.rs", "#![forbid(unsafe_code)]\n")
                .load(jars).generate(request("svc"));

        assertThat(tree.file("check.sh").orElseThrow().mode()).isEqualTo(0755);
        assertThat(tree.file("lib.rs").orElseThrow().mode()).as("#![attribute] is no shebang").isEqualTo(0644);
    }

    @Test
    void aValueThatWouldPutAFileOutsideTheProjectIsRefused() {
        Scaffolder scaffolder = TestArchetype.named("token-archetype", "x")
                .descriptor("""
                        <requiredProperties><requiredProperty key="dir"><defaultValue>d</defaultValue></requiredProperty></requiredProperties>
                        <fileSets><fileSet><directory></directory><includes><include>__dir__/f.txt</include></includes></fileSet></fileSets>
                        """)
                .resource("pom.xml", "<project/>\n")
                .resource("__dir__/f.txt", "f\n")
                .load(jars);

        for (String escape : List.of("..", "../..", "a/../../b", "./x", "a\\b")) {
            assertThatThrownBy(() -> scaffolder.generate(request("token").with("dir", escape)))
                    .isInstanceOf(InvalidPropertiesException.class)
                    .hasMessageContaining("dir: \"" + escape + "\" is not allowed. Allowed: a value that keeps every"
                            + " file inside the project directory");
        }
        assertThat(scaffolder.generate(request("token").with("dir", "a/b")).files())
                .extracting(GeneratedFile::path).contains("a/b/f.txt");
    }

    @Test
    void archetypesTheEngineCannotReplicateAreRefusedWhenLoaded() {
        assertThatThrownBy(() -> TestArchetype.rustkit("svc-archetype")
                .text("META-INF/archetype-post-generate.groovy", "new File(request.outputDirectory).deleteDir()").load(jars))
                .isInstanceOf(ArchetypeException.class).hasMessageContaining("cannot replicate another script");
        assertThatThrownBy(() -> TestArchetype.rustkit("nopom-archetype").without("archetype-resources/pom.xml").load(jars))
                .isInstanceOf(ArchetypeException.class).hasMessageContaining("archetype-resources/pom.xml");
        assertThatThrownBy(() -> TestArchetype.named("partial-archetype", "x")
                .text("META-INF/maven/archetype-metadata.xml", "<archetype-descriptor name=\"p\" partial=\"true\"/>")
                .resource("pom.xml", "<project/>").load(jars))
                .isInstanceOf(ArchetypeException.class).hasMessageContaining("partial archetype");
        assertThatThrownBy(() -> TestArchetype.named("modules-archetype", "x")
                .descriptor("<modules><module id=\"a\" dir=\"a\" name=\"a\"/></modules>")
                .resource("pom.xml", "<project/>").load(jars))
                .isInstanceOf(ArchetypeException.class).hasMessageContaining("has modules");
    }

    @Test
    void anArchetypeInstalledTwiceIsRefused() {
        Path one = jars.resolve("one");
        Path two = jars.resolve("two");
        assertThat(one.toFile().mkdir() && two.toFile().mkdir()).isTrue();
        TestArchetype.rustkit("svc-archetype").writeTo(one);
        TestArchetype.rustkit("svc-archetype").writeTo(two);

        assertThatThrownBy(() -> Scaffolder.fromJars(List.of(one, two)))
                .isInstanceOf(ArchetypeException.class).hasMessageContaining("installed twice");
    }

    @Test
    void aTemplateThatCannotBeRenderedNamesTheTemplate() {
        Scaffolder scaffolder = TestArchetype.rustkit("svc-archetype")
                .resource("src/main.rs", "#parse(\"/META-INF/rustkit/fragments/missing.rs\")\n").load(jars);

        assertThatThrownBy(() -> scaffolder.generate(request("svc")))
                .isInstanceOf(ArchetypeException.class)
                .hasMessageContaining("template archetype-resources/src/main.rs cannot be rendered");
    }

    @Test
    void anArchetypeWithMacrosRendersTheSameEveryTime() {
        // Inline macros are global to a Velocity engine, so such an archetype gets a fresh engine per generation.
        Scaffolder scaffolder = TestArchetype.named("macro-archetype", "x")
                .descriptor("""
                        <fileSets><fileSet filtered="true"><directory></directory><includes><include>a.txt</include><include>b.txt</include></includes></fileSet></fileSets>
                        """)
                .resource("pom.xml", "<project/>\n")
                .resource("a.txt", "#greet()\n")
                .resource("b.txt", "#macro(greet)hello $artifactId#end\n#greet()\n")
                .load(jars);

        GeneratedTree first = scaffolder.generate(request("macro"));
        GeneratedTree second = scaffolder.generate(request("macro"));

        assertThat(second.files()).isEqualTo(first.files());
        assertThat(first.file("b.txt").orElseThrow().text()).contains("hello zz-orders_api2");
    }

    @Test
    void theRequestIsImmutable() {
        GenerationRequest base = GenerationRequest.of("svc", Map.of("port", "1"));
        GenerationRequest more = base.with("port", "2");

        assertThat(base.properties()).containsEntry("port", "1");
        assertThat(more.properties()).containsEntry("port", "2");
        assertThatThrownBy(() -> base.properties().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }
}

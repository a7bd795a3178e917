package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Static checks over every template each archetype jar ships, before anything is generated. */
class TemplateGuardTest {
    private static final Pattern PARSE = Pattern.compile("#parse\\(\"/META-INF/rustkit/fragments/([^\"]+)\"\\)");
    private static final Set<String> STANDARD_PROPERTIES = Set.of("groupId", "artifactId", "version", "package");

    @ParameterizedTest
    @EnumSource(Archetype.class)
    void everyTemplateBelongsToExactlyOneExplicitFileSet(Archetype archetype) {
        ArchetypeJar jar = ArchetypeJar.of(archetype);
        List<String> listed = new ArrayList<>();
        for (ArchetypeJar.FileSet fileSet : jar.fileSets()) {
            assertThat(fileSet.includes()).as("fileSet %s lists its files one by one", fileSet.directory())
                    .noneMatch(include -> include.contains("*"));
            assertThat(fileSet.excludes()).as("fileSet %s needs no excludes", fileSet.directory()).isEmpty();
            listed.addAll(fileSet.paths());
        }
        assertThat(listed).as("files listed in more than one fileSet").doesNotHaveDuplicates();
        // pom.xml is no fileSet's: Maven always merges it, and the post-generate step deletes it.
        Set<String> templates = new TreeSet<>(jar.resources().keySet());
        templates.remove("pom.xml");
        assertThat(new TreeSet<>(listed)).as("templates in the jar vs files the descriptor lists")
                .isEqualTo(templates);
    }

    @ParameterizedTest
    @EnumSource(Archetype.class)
    void filteredTemplatesAndFragmentsHoldNothingVelocityWouldEat(Archetype archetype) {
        ArchetypeJar jar = ArchetypeJar.of(archetype);
        Map<String, List<String>> hazards = new TreeMap<>();
        for (String path : filteredPaths(jar)) {
            List<String> found = VelocityHazards.in(jar.resources().get(path));
            if (!found.isEmpty()) {
                hazards.put(path, found);
            }
        }
        jar.fragments().forEach((name, text) -> {
            List<String> found = VelocityHazards.in(text);
            if (!found.isEmpty()) {
                hazards.put("fragment " + name, found);
            }
        });
        assertThat(hazards).as("escape these in #[[ ... ]]# (or #set a variable), or copy the file unfiltered")
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Archetype.class)
    void unfilteredTemplatesReferToNoProperty(Archetype archetype) {
        ArchetypeJar jar = ArchetypeJar.of(archetype);
        Set<String> properties = new HashSet<>(STANDARD_PROPERTIES);
        properties.addAll(jar.requiredProperties().keySet());
        Pattern reference = Pattern.compile("\\$\\{?(" + String.join("|", properties) + ")\\b");
        List<String> unsubstituted = jar.fileSets().stream()
                .filter(fileSet -> !fileSet.filtered())
                .flatMap(fileSet -> fileSet.paths().stream())
                .filter(path -> reference.matcher(jar.resources().get(path)).find())
                .toList();
        assertThat(unsubstituted).as("copied verbatim, so a property reference would stay unsubstituted").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Archetype.class)
    void everyFragmentATemplateParsesShipsInTheJar(Archetype archetype) {
        ArchetypeJar jar = ArchetypeJar.of(archetype);
        assertThat(jar.fragments().keySet()).as("fragments in the jar").containsAll(parsedFragments(jar));
    }

    @Test
    void everyFragmentIsUsedBySomeArchetype() {
        Set<String> used = new TreeSet<>();
        Set<String> shipped = new TreeSet<>();
        for (Archetype archetype : Archetype.values()) {
            ArchetypeJar jar = ArchetypeJar.of(archetype);
            used.addAll(parsedFragments(jar));
            shipped.addAll(jar.fragments().keySet());
        }
        assertThat(used).as("fragments no template parses are dead text").containsAll(shipped);
    }

    private static Set<String> parsedFragments(ArchetypeJar jar) {
        Set<String> parsed = new TreeSet<>();
        List<String> sources = new ArrayList<>(jar.resources().values());
        sources.addAll(jar.fragments().values());
        for (String text : sources) {
            Matcher matcher = PARSE.matcher(text);
            while (matcher.find()) {
                parsed.add(matcher.group(1));
            }
        }
        return parsed;
    }

    private static List<String> filteredPaths(ArchetypeJar jar) {
        return jar.fileSets().stream()
                .filter(ArchetypeJar.FileSet::filtered)
                .flatMap(fileSet -> fileSet.paths().stream())
                .toList();
    }

    @Test
    void theGuardFindsEveryHazardItKnowsAndLeavesOrdinaryTemplateTextAlone() {
        assertThat(VelocityHazards.in("""
                ## a comment
                #* a block
                let a = $!b;
                version = "${version}"
                #if no paren
                #stop
                macro_rules! m { () => { $crate::f() } }
                """)).hasSize(7);
        assertThat(VelocityHazards.in("""
                #if($allocator == "jemalloc")
                use ${crate}::app;
                #end
                #![forbid(unsafe_code)]
                # A Dockerfile comment, ${{ github.sha }}, $HOME, $(date)
                #[[ ## passed through ]]#
                """)).isEmpty();
    }
}

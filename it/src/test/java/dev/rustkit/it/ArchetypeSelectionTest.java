package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code -Drustkit.archetypes}: which archetypes the per-archetype integration tests run for. */
class ArchetypeSelectionTest {
    private final String before = System.getProperty(Archetype.SELECTION_PROPERTY);

    @AfterEach
    void restoreTheProperty() {
        if (before == null) {
            System.clearProperty(Archetype.SELECTION_PROPERTY);
        } else {
            System.setProperty(Archetype.SELECTION_PROPERTY, before);
        }
    }

    @Test
    void unsetOrAllSelectsEveryArchetype() {
        System.clearProperty(Archetype.SELECTION_PROPERTY);
        assertThat(Archetype.selected()).containsExactly(Archetype.values());
        System.setProperty(Archetype.SELECTION_PROPERTY, "all");
        assertThat(Archetype.selected()).containsExactly(Archetype.values());
    }

    @Test
    void aListSelectsThoseArchetypesInDeclarationOrder() {
        System.setProperty(Archetype.SELECTION_PROPERTY, "multiarch-buildx,actix-scratch");
        assertThat(Archetype.selected()).containsExactly(Archetype.ACTIX_SCRATCH, Archetype.MULTIARCH_BUILDX);
        assertThat(Archetype.privateRegistrySelected()).isFalse();
        System.setProperty(Archetype.SELECTION_PROPERTY, "private-registry");
        assertThat(Archetype.privateRegistrySelected()).isTrue();
    }

    @Test
    void anUnknownIdIsRefusedNamingItAndTheAllowedIds() {
        System.setProperty(Archetype.SELECTION_PROPERTY, "actix-scratch,actix");
        assertThatThrownBy(Archetype::selected).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rustkit.archetypes: \"actix-scratch,actix\" names \"actix\"")
                .hasMessageContaining("actix-scratch, rocket-distroless, private-registry, multiarch-buildx");
        System.setProperty(Archetype.SELECTION_PROPERTY, "actix-scratch,");
        assertThatThrownBy(Archetype::selected).hasMessageContaining("names \"\"");
    }

    /**
     * The build refuses an unknown id before it compiles anything (the enforcer rule in the root pom), from the ids
     * it lists itself: they must be exactly the archetypes there are, as the tests and the archetypes/ modules know
     * them.
     */
    @Test
    void theBuildsListOfIdsIsEveryArchetype() throws IOException {
        Path root = TestSettings.repoRoot();
        String pom = Files.readString(root.resolve("pom.xml"));
        Matcher ids = Pattern.compile("<rustkit\\.archetype\\.ids>([^<]*)</rustkit\\.archetype\\.ids>").matcher(pom);
        assertThat(ids.find()).as("rustkit.archetype.ids in the root pom").isTrue();
        List<String> enumIds = Arrays.stream(Archetype.values()).map(Archetype::id).toList();
        assertThat(ids.group(1).split("\\|")).containsExactlyElementsOf(enumIds);
        assertThat(pom).contains("or archetype ids separated by commas, no spaces: " + String.join(", ", enumIds) + ".");
        try (Stream<Path> modules = Files.list(root.resolve("archetypes"))) {
            assertThat(modules.filter(path -> Files.exists(path.resolve("pom.xml")))
                    .map(path -> path.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(enumIds);
        }
    }
}

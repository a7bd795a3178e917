package dev.rustkit.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifierTest {

    @Test
    void theMatrixIsTheProductOfItsEntriesOverTheGivenProperties() {
        Map<String, List<String>> matrix = new LinkedHashMap<>();
        matrix.put("allocator", List.of("mimalloc", "system"));
        matrix.put("runtime", List.of("scratch", "alpine", "debian-slim"));
        List<Map<String, String>> combinations = Verifier.combinations(Map.of("artifactId", "orders-api"), matrix);
        assertThat(combinations).hasSize(6).allSatisfy(c -> assertThat(c).containsEntry("artifactId", "orders-api"))
                .contains(Map.of("artifactId", "orders-api", "allocator", "system", "runtime", "debian-slim"))
                .doesNotHaveDuplicates();
        assertThat(Verifier.combinations(Map.of("artifactId", "a"), Map.of())).containsExactly(Map.of("artifactId", "a"));
    }

    @Test
    void aPropertySetHasOneStableDirectoryName() {
        Map<String, String> one = new LinkedHashMap<>();
        one.put("a", "1");
        one.put("b", "2");
        Map<String, String> reordered = new LinkedHashMap<>();
        reordered.put("b", "2");
        reordered.put("a", "1");
        assertThat(Verifier.fingerprint(one)).isEqualTo(Verifier.fingerprint(reordered)).hasSize(12)
                .isNotEqualTo(Verifier.fingerprint(Map.of("a", "1", "b", "3")));
    }

    @Test
    void checksRunLintersFirstAndTheLockLastAndAreNamedByTheirIds() {
        assertThat(Check.values()).startsWith(Check.TALLY, Check.HADOLINT, Check.ACTIONLINT, Check.ZIZMOR)
                .endsWith(Check.LOCK);
        assertThat(Check.byId("clippy")).contains(Check.CLIPPY);
        assertThat(Check.byId("CLIPPY")).isEmpty();
        assertThat(Check.ids()).isEqualTo(
                "tally, hadolint, actionlint, zizmor, fetch, deny, fmt, clippy, test, build, run, lock");
    }
}

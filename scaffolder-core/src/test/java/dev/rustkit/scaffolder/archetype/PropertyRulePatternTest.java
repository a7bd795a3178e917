package dev.rustkit.scaffolder.archetype;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** pattern(): what forms check early must never refuse a value the rule itself accepts. */
class PropertyRulePatternTest {
    private static final Map<PropertyRule, List<String>> ALLOWED = Map.of(
            PropertyRule.ARTIFACT_ID, List.of("a", "zz-orders_api2", "orders-v2", "x".repeat(64)),
            PropertyRule.PORT, List.of("1", "80", "999", "8080", "10000", "59999", "64999", "65499", "65529", "65535"),
            PropertyRule.RUST_VERSION, List.of("1.89", "1.95.0", "1.94.1"),
            PropertyRule.ALLOCATOR, List.of("mimalloc", "jemalloc", "system"),
            PropertyRule.RUNTIME, List.of("scratch", "distroless-static", "distroless-cc", "alpine", "debian-slim"),
            PropertyRule.REGISTRY_NAME, List.of("acme-internal", "corp"),
            PropertyRule.REGISTRY_INDEX, List.of("https://cargo.acme.example/index/", "http://127.0.0.1:8080/",
                    "https://r-1.corp.example:65535/api/v1/crates/"),
            PropertyRule.INTERNAL_CRATE, List.of("acme-telemetry"),
            PropertyRule.INTERNAL_CRATE_VERSION, List.of("1.2", "^1.2.3", "~0.4", ">=1.0, <2.0", "1.*"),
            PropertyRule.PLATFORMS, List.of("linux/amd64", "linux/arm64", "linux/amd64,linux/arm64", "linux/arm64,linux/amd64"));

    @ParameterizedTest
    @EnumSource(PropertyRule.class)
    void everyValueTheRuleAcceptsMatchesItsPatternInFull(PropertyRule rule) {
        assertThat(ALLOWED).as("samples for %s", rule).containsKey(rule);
        for (String value : ALLOWED.get(rule)) {
            assertThat(rule.accepts(value)).as("%s accepts %s", rule, value).isTrue();
            rule.pattern().ifPresent(pattern -> assertThat(Pattern.compile(pattern).matcher(value).matches())
                    .as("%s pattern %s matches %s", rule, pattern, value).isTrue());
        }
        assertThat(rule.pattern().isPresent()).as("a pattern unless the choices say it all")
                .isEqualTo(rule.choices().isEmpty());
    }

    @org.junit.jupiter.api.Test
    void thePortPatternIsExact() {
        Pattern pattern = Pattern.compile(PropertyRule.PORT.pattern().orElseThrow());
        for (String value : List.of("0", "00000", "65536", "08080", "00001", "000001", "99999", "65535", "-1", "",
                "1", "9", "10", "9999", "10000", "65529", "65530")) {
            assertThat(pattern.matcher(value).matches()).as(value).isEqualTo(PropertyRule.PORT.accepts(value));
        }
    }
}

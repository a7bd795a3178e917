package dev.rustkit.scaffolder.archetype;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PropertyRuleTest {

    @ParameterizedTest
    @ValueSource(strings = {"zz-orders_api2", "a", "my_service", "as-a-service", "selfie", "api2-v3",
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void acceptsCrateNamesThatAreImageNamesToo(String name) {
        assertThat(PropertyRule.ARTIFACT_ID.accepts(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2fast", "-lead", "_lead", "has space", "dot.ted", "slash/ed", "../escape", "ünïcode",
        "self", "async", "gen", "try", "test", "std", "core", "proc-macro", "deps", "con", "lpt1"})
    void rejectsNamesCargoRejects(String name) {
        assertThat(PropertyRule.ARTIFACT_ID.accepts(name)).isFalse();
    }

    // Cargo takes these, but rustc warns that the crate name is not snake case (an error under clippy -D warnings)
    // or `docker build -t NAME` refuses the image name.
    @ParameterizedTest
    @ValueSource(strings = {"Orders", "ordersApi", "ORDERS", "orders_", "orders-", "a_-b", "a__b", "a--b"})
    void rejectsNamesThatAreNoImageNameOrNotSnakeCase(String name) {
        assertThat(PropertyRule.ARTIFACT_ID.accepts(name)).isFalse();
    }

    @Test
    void rejectsCrateNamesLongerThan64Characters() {
        assertThat(PropertyRule.ARTIFACT_ID.accepts("x".repeat(65))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "80", "8080", "65535"})
    void acceptsPortsInRange(String port) {
        assertThat(PropertyRule.PORT.accepts(port)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "99999", "-1", "abc", "8080 ", "08080x", "", "123456", "0080", "08080"})
    void rejectsPortsOutOfRangeOrNotNumbersOrWithLeadingZeros(String port) {
        assertThat(PropertyRule.PORT.accepts(port)).isFalse();
    }

    @Test
    void rustReleaseDaysFollowTheSixWeekTrain() {
        assertThat(RustReleases.releaseDay(88)).isEqualTo(LocalDate.of(2025, 6, 26));
        assertThat(RustReleases.releaseDay(95)).isEqualTo(LocalDate.of(2026, 4, 16));
    }

    @Test
    void acceptsReleasedRustVersionsFromTheMinimumOn() {
        Clock day = Clock.fixed(LocalDate.of(2026, 4, 16).atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
        assertThat(RustReleases.isReleasedAndSupported("1.89", day)).isTrue();
        assertThat(RustReleases.isReleasedAndSupported("1.95.0", day)).isTrue();
        assertThat(RustReleases.isReleasedAndSupported("1.94.1", day)).as("a known point release").isTrue();
        assertThat(RustReleases.isReleasedAndSupported("1.95.1", day)).as("no such point release").isFalse();
        assertThat(RustReleases.isReleasedAndSupported("1.95.99", day)).as("no such point release").isFalse();
        assertThat(RustReleases.isReleasedAndSupported("1.96", day)).as("not released yet").isFalse();
        assertThat(RustReleases.isReleasedAndSupported("1.96.1", day)).as("not released yet").isFalse();
        assertThat(RustReleases.isReleasedAndSupported("1.88.0", day)).as("below rust-version").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.950", "2.0", "1", "1.95.0.1", "1.095", "v1.95", "1.95-beta", "stable", "1.95.", ""})
    void rejectsRustVersionsThatAreNotReleases(String version) {
        assertThat(PropertyRule.RUST_VERSION.accepts(version)).isFalse();
    }

    @Test
    void allocatorIsOneOfThreeChoices() {
        assertThat(PropertyRule.ALLOCATOR.choices()).containsExactly("mimalloc", "jemalloc", "system");
        assertThat(PropertyRule.ALLOCATOR.accepts("jemalloc")).isTrue();
        assertThat(PropertyRule.ALLOCATOR.accepts("tcmalloc")).isFalse();
        assertThat(PropertyRule.ALLOCATOR.accepts("MIMALLOC")).isFalse();
    }

    @Test
    void runtimeIsOneOfTheFiveBases() {
        assertThat(PropertyRule.forProperty("runtime")).contains(PropertyRule.RUNTIME);
        assertThat(PropertyRule.RUNTIME.choices())
                .containsExactly("scratch", "distroless-static", "distroless-cc", "alpine", "debian-slim");
        assertThat(PropertyRule.RUNTIME.accepts("distroless-cc")).isTrue();
        assertThat(PropertyRule.RUNTIME.accepts("distroless")).as("which distroless? not a choice").isFalse();
        assertThat(PropertyRule.RUNTIME.accepts("Alpine")).isFalse();
        assertThat(PropertyRule.RUNTIME.check("ubuntu"))
                .get()
                .extracting(Problem::message)
                .isEqualTo("runtime: \"ubuntu\" is not allowed. Allowed: one of scratch, distroless-static,"
                        + " distroless-cc, alpine, debian-slim.");
    }

    @Test
    void reportsEveryProblemNamingPropertyValueAndWhatIsAllowed() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("artifactId", "2fast");
        values.put("port", "65536");
        values.put("allocator", "tcmalloc");
        values.put("groupId", "not checked here");

        assertThatThrownBy(() -> PropertyRules.requireValid(values))
                .isInstanceOf(InvalidPropertiesException.class)
                .hasMessageContaining("artifactId: \"2fast\" is not allowed. Allowed: a crate name")
                .hasMessageContaining("port: \"65536\" is not allowed. Allowed: a whole number from 1 to 65535,"
                        + " without leading zeros.")
                .hasMessageContaining("allocator: \"tcmalloc\" is not allowed. Allowed: one of mimalloc, jemalloc, system.")
                .satisfies(e -> assertThat(((InvalidPropertiesException) e).problems()).hasSize(3));
    }

    @Test
    void aMissingValueIsAProblemToo() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("port", null);
        assertThat(PropertyRules.problems(values))
                .singleElement()
                .extracting(Problem::message)
                .isEqualTo("port: no value was given. Allowed: a whole number from 1 to 65535, without leading zeros.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://cargo.example.com/index/", "https://registry.corp:8443/api/v1/crates/",
        "http://127.0.0.1:41234/index/", "http://localhost/"})
    void acceptsSparseIndexUrls(String url) {
        assertThat(PropertyRule.REGISTRY_INDEX.accepts(url)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://cargo.example.com/index", "http://cargo.example.com/index/",
        "sparse+https://cargo.example.com/index/", "https://user:secret@cargo.example.com/",
        "https://cargo.example.com/index/?token=x", "ftp://cargo.example.com/", "https:///", "cargo.example.com/",
        "https://r.example:99999/", "https://r.example:0/", "https://../", "https://r..example/", "https://-r.example/",
        "https://r.example./"})
    void rejectsUrlsCargoCannotUseOrThatCarrySecrets(String url) {
        assertThat(PropertyRule.REGISTRY_INDEX.accepts(url)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1.2", "1.2.3", "^1.2", "~0.4", "=1.2.3", ">=1.0, <2.0", "1.2.*", "1.0.0-rc.1"})
    void acceptsCargoVersionRequirements(String requirement) {
        assertThat(PropertyRule.INTERNAL_CRATE_VERSION.accepts(requirement)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "*", "latest", "v1.2", "1.2.3.4", "^", ">=1.0 <2.0", "01.2", ">=1.0,\n<2.0",
        ">=1.0,\t<2.0", "^\n1.2"})
    void rejectsWhatIsNotAVersionRequirement(String requirement) {
        assertThat(PropertyRule.INTERNAL_CRATE_VERSION.accepts(requirement)).isFalse();
    }

    @Test
    void registryNamesFollowCratesShapeButNotCratesIo() {
        assertThat(PropertyRule.REGISTRY_NAME.accepts("acme-internal")).isTrue();
        assertThat(PropertyRule.REGISTRY_NAME.accepts("crates-io")).isFalse();
        assertThat(PropertyRule.REGISTRY_NAME.accepts("has space")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"linux/amd64,linux/arm64", "linux/arm64,linux/amd64", "linux/amd64", "linux/arm64"})
    void acceptsTheSupportedPlatforms(String platforms) {
        assertThat(PropertyRule.PLATFORMS.accepts(platforms)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "linux/s390x", "linux/amd64,linux/amd64", "linux/amd64, linux/arm64", "linux/arm/v7",
        "linux/amd64,"})
    void rejectsPlatformsTheDockerfileCannotBuild(String platforms) {
        assertThat(PropertyRule.PLATFORMS.accepts(platforms)).isFalse();
    }

    private static final String LOCK_TEMPLATE = """
            version = 4

            [[package]]
            name = "${artifactId}"
            version = "0.1.0"
            dependencies = [
             "actix-web",
             "serde_json",
             "windows-sys 0.59.0",
            ]

            [[package]]
            name = "actix-web"
            version = "4.15.0"

            [[package]]
            name = "bytes"
            version = "1.11.0"

            [[package]]
            name = "serde_json"
            version = "1.0.145"
            """;

    @ParameterizedTest
    @ValueSource(strings = {"bytes", "actix-web", "actix_web", "serde-json"})
    void aServiceCannotTakeTheNameOfACrateInItsLock(String name) {
        assertThat(PropertyRules.problems(Map.of("artifactId", name), LOCK_TEMPLATE))
                .singleElement()
                .satisfies(problem -> assertThat(problem.message()).startsWith("artifactId: \"" + name + "\" is not allowed.")
                        .contains("its Cargo.lock already holds the crate"));
        assertThat(PropertyRules.problems(Map.of("artifactId", "orders-api"), LOCK_TEMPLATE)).isEmpty();
    }

    @Test
    void anInternalCrateCannotRepeatADirectDependencyOrTheServiceItself() {
        assertThat(PropertyRules.problems(Map.of("artifactId", "svc", "internalCrate", "serde-json"), LOCK_TEMPLATE))
                .singleElement()
                .extracting(Problem::message)
                .isEqualTo("internalCrate: \"serde-json\" is not allowed. Allowed: a crate the service does not already"
                        + " depend on (it depends on actix-web, serde_json, windows-sys): Cargo.toml cannot name serde_json"
                        + " twice.");
        assertThat(PropertyRules.problems(Map.of("artifactId", "svc", "internalCrate", "svc"), LOCK_TEMPLATE))
                .singleElement()
                .extracting(Problem::message)
                .isEqualTo("internalCrate: \"svc\" is not allowed. Allowed: a crate other than the service itself"
                        + " (artifactId \"svc\").");
        assertThat(PropertyRules.problems(Map.of("artifactId", "svc", "internalCrate", "bytes"), LOCK_TEMPLATE))
                .as("a transitive crate of the same name from another registry is a different package").isEmpty();
    }

    @Test
    void nameClashesAreReportedWithTheOtherProblemsInTableOrder() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("artifactId", "bytes");
        values.put("port", "0");
        assertThat(PropertyRules.problems(values, LOCK_TEMPLATE)).extracting(Problem::property)
                .containsExactly("artifactId", "port");
    }
}

package dev.rustkit.scaffolder.archetype;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The one rule table for every property a rustkit archetype accepts.
 *
 * <p>Maven applies an archetype's {@code validationRegex} only to values typed at the interactive prompt, never in
 * batch mode (ARCHETYPE-532), and several of these rules are not regular languages anyway. So every entry point —
 * {@code mvn archetype:generate} (through {@link PostGenerate}), the scaffolder API and its CLI — checks values
 * against this table and nothing else.
 */
public enum PropertyRule {
    ARTIFACT_ID(
            "artifactId",
            ValueType.STRING,
            "Name of the crate and of its binary.",
            "a crate name: an ASCII letter, then ASCII letters, digits, '-' or '_', at most 64 characters in all,"
                    + " and not a Rust keyword or a name Cargo reserves (test, std, core, ...)",
            List.of(),
            CrateNames::isValid),
    PORT(
            "port",
            ValueType.INTEGER,
            "TCP port the service listens on when PORT is not set.",
            "a whole number from 1 to 65535",
            List.of(),
            value -> isIntegerInRange(value, 1, 65_535)),
    RUST_VERSION(
            "rustVersion",
            ValueType.STRING,
            "Rust toolchain of rust-toolchain.toml and of the Dockerfile's build image.",
            "a released stable Rust version written 1.N or 1.N.P, at least " + RustReleases.MINIMUM
                    + " (the generated crate's rust-version)",
            List.of(),
            RustReleases::isReleasedAndSupported),
    ALLOCATOR(
            "allocator",
            ValueType.CHOICE,
            "Global allocator compiled into the service (musl's own malloc is slow under contention).",
            "one of mimalloc, jemalloc, system",
            List.of("mimalloc", "jemalloc", "system"),
            null),
    REGISTRY_NAME(
            "registryName",
            ValueType.STRING,
            "Name of the private cargo registry, as Cargo.toml and .cargo/config.toml refer to it.",
            "a registry name: an ASCII letter, then ASCII letters, digits, '-' or '_', at most 64 characters, and not"
                    + " crates-io",
            List.of(),
            value -> CrateNames.SHAPE.matcher(value).matches() && !value.equals("crates-io")),
    REGISTRY_INDEX(
            "registryIndex",
            ValueType.STRING,
            "URL of the private registry's sparse index (the part after sparse+).",
            "an https:// URL ending in / (http:// only for a registry on this machine: localhost or 127.0.0.1),"
                    + " without credentials, query or fragment",
            List.of(),
            RegistryUrls::isSparseIndex),
    INTERNAL_CRATE(
            "internalCrate",
            ValueType.STRING,
            "The crate the service depends on from the private registry.",
            "a crate name: an ASCII letter, then ASCII letters, digits, '-' or '_', at most 64 characters in all,"
                    + " and not a Rust keyword or a name Cargo reserves",
            List.of(),
            CrateNames::isValid),
    INTERNAL_CRATE_VERSION(
            "internalCrateVersion",
            ValueType.STRING,
            "Cargo version requirement for the internal crate.",
            "a Cargo version requirement such as 1.2, ^1.2.3, ~0.4 or >=1.0, <2.0 (not the wildcard *, which"
                    + " pins nothing)",
            List.of(),
            VersionRequirements::isValid),
    PLATFORMS(
            "platforms",
            ValueType.STRING,
            "Platforms of the multi-platform image, as docker buildx --platform takes them.",
            "a comma-separated list of linux/amd64 and linux/arm64, each at most once",
            List.of(),
            PropertyRule::isPlatformList);

    private static final List<String> SUPPORTED_PLATFORMS = List.of("linux/amd64", "linux/arm64");

    private static boolean isPlatformList(String value) {
        List<String> platforms = List.of(value.split(",", -1));
        return platforms.stream().allMatch(SUPPORTED_PLATFORMS::contains)
                && platforms.stream().distinct().count() == platforms.size();
    }

    /** Kinds of value, for schemas and forms. */
    public enum ValueType {
        STRING,
        INTEGER,
        CHOICE
    }

    private final String property;
    private final ValueType type;
    private final String description;
    private final String allowed;
    private final List<String> choices;
    private final Predicate<String> check;

    PropertyRule(
            String property,
            ValueType type,
            String description,
            String allowed,
            List<String> choices,
            Predicate<String> check) {
        this.property = property;
        this.type = type;
        this.description = description;
        this.allowed = allowed;
        this.choices = choices;
        this.check = check != null ? check : choices::contains;
    }

    /** The archetype property this rule governs, e.g. {@code port}. */
    public String property() {
        return property;
    }

    public ValueType type() {
        return type;
    }

    public String description() {
        return description;
    }

    /** What is allowed, phrased to finish the sentence "Allowed: ...". */
    public String allowed() {
        return allowed;
    }

    /** The allowed values of a {@link ValueType#CHOICE}, empty otherwise. */
    public List<String> choices() {
        return choices;
    }

    /**
     * A regular expression (Java and ECMAScript syntax alike) that every allowed value matches in full, for schemas
     * and forms; empty when the choices say it all. Necessary, not always sufficient: the crate name must also not be
     * a keyword, the Rust version must also be released, a platform must not repeat. {@link #accepts} remains the
     * only judge.
     */
    public Optional<String> pattern() {
        switch (this) {
            case ARTIFACT_ID:
                return Optional.of(CrateNames.SHAPE.pattern());
            case PORT:
                // 1 to 65535 in at most five digits (leading zeros too, as the check allows), digit by digit.
                return Optional.of("0{0,4}[1-9]|0{0,3}[1-9][0-9]|0{0,2}[1-9][0-9]{2}|0?[1-9][0-9]{3}|[1-5][0-9]{4}"
                        + "|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]");
            case RUST_VERSION:
                return Optional.of(RustReleases.VERSION.pattern());
            case REGISTRY_NAME:
            case INTERNAL_CRATE:
                return Optional.of(CrateNames.SHAPE.pattern());
            case REGISTRY_INDEX:
                return Optional.of(RegistryUrls.URL.pattern());
            case INTERNAL_CRATE_VERSION:
                return Optional.of(VersionRequirements.REQUIREMENT.pattern());
            case PLATFORMS:
                String one = "(?:" + String.join("|", SUPPORTED_PLATFORMS) + ")";
                return Optional.of(one + "(?:," + one + "){0," + (SUPPORTED_PLATFORMS.size() - 1) + "}");
            default:
                return Optional.empty();
        }
    }

    public boolean accepts(String value) {
        return value != null && check.test(value);
    }

    /** The problem with {@code value}, or empty when the value is allowed. */
    public Optional<Problem> check(String value) {
        return accepts(value) ? Optional.empty() : Optional.of(new Problem(property, value, allowed));
    }

    public static Optional<PropertyRule> forProperty(String property) {
        return Arrays.stream(values()).filter(rule -> rule.property.equals(property)).findFirst();
    }

    private static boolean isIntegerInRange(String value, int min, int max) {
        if (!value.matches("[0-9]{1,5}")) {
            return false;
        }
        int number = Integer.parseInt(value);
        return number >= min && number <= max;
    }

    /** Cargo's rules for package names, as {@code cargo new} applies them. */
    static final class CrateNames {
        static final Pattern SHAPE = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

        // Strict and reserved keywords of Rust 2024 (the Reference, "Keywords"); a crate named after one cannot be
        // referred to from Rust code.
        private static final Set<String> KEYWORDS = Set.of(
                "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
                "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
                "return", "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use",
                "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv",
                "try", "typeof", "unsized", "virtual", "yield");

        // Names cargo refuses: the standard library's crates, the directories of a target dir, and names Windows
        // reserves for devices (cargo rejects those on every platform so projects stay portable).
        private static final Set<String> RESERVED = Set.of(
                "test", "std", "core", "alloc", "proc_macro", "proc-macro", "build", "deps", "examples",
                "incremental", "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
                "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

        static boolean isValid(String name) {
            return SHAPE.matcher(name).matches()
                    && !KEYWORDS.contains(name)
                    && !KEYWORDS.contains(name.replace('-', '_'))
                    && !RESERVED.contains(name.toLowerCase(Locale.ROOT));
        }

        private CrateNames() {}
    }

    /** Sparse registry index URLs Cargo can use, without secrets in them. */
    static final class RegistryUrls {
        private static final Pattern URL = Pattern.compile(
                "(?:https://[A-Za-z0-9.-]+|http://(?:localhost|127\\.0\\.0\\.1))(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%+-]*)*/");

        static boolean isSparseIndex(String value) {
            return URL.matcher(value).matches();
        }

        private RegistryUrls() {}
    }

    /** Cargo's version requirements: comma-separated comparators over a (partial) semantic version. */
    static final class VersionRequirements {
        private static final String NUMBER = "(?:0|[1-9][0-9]*)";
        private static final String COMPARATOR = "(?:\\^|~|=|>=|<=|>|<)?\\s*" + NUMBER + "(?:\\." + NUMBER + "(?:\\." + NUMBER
                + "(?:-[0-9A-Za-z.-]+)?)?)?(?:\\.\\*)?";
        private static final Pattern REQUIREMENT = Pattern.compile(
                COMPARATOR + "(?:\\s*,\\s*" + COMPARATOR + ")*");

        static boolean isValid(String value) {
            return REQUIREMENT.matcher(value).matches();
        }

        private VersionRequirements() {}
    }
}

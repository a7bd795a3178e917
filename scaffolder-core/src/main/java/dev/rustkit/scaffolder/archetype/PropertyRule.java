package dev.rustkit.scaffolder.archetype;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
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
            "Name of the crate, of its binary and of its image.",
            "a crate name that is also an image name: lowercase ASCII letters and digits, starting with a letter,"
                    + " words joined by single '-' or '_' (zz-orders_api2), at most 64 characters in all, and not a"
                    + " Rust keyword or a name Cargo reserves (test, std, core, ...)",
            List.of(),
            CrateNames::isValidServiceName),
    PORT(
            "port",
            ValueType.INTEGER,
            "TCP port the service listens on when PORT is not set.",
            "a whole number from 1 to 65535, without leading zeros",
            List.of(),
            value -> isIntegerInRange(value, 1, 65_535)),
    RUST_VERSION(
            "rustVersion",
            ValueType.STRING,
            "Rust toolchain of rust-toolchain.toml and of the Dockerfile's build image.",
            "a released stable Rust version, at least " + RustReleases.MINIMUM + " (the generated crate's"
                    + " rust-version): 1.N (the newest patch of 1.N), 1.N.0, or a point release rustkit knows ("
                    + String.join(", ", RustReleases.POINT_RELEASES) + ")",
            List.of(),
            RustReleases::isReleasedAndSupported),
    ALLOCATOR(
            "allocator",
            ValueType.CHOICE,
            "Global allocator compiled into the service (musl's own malloc is slow under contention).",
            "one of mimalloc, jemalloc, system",
            List.of("mimalloc", "jemalloc", "system"),
            null),
    RUNTIME(
            "runtime",
            ValueType.CHOICE,
            "Base of the image the service runs in: static musl binary on scratch, distroless/static or alpine;"
                    + " dynamic glibc binary on distroless/cc or debian-slim.",
            "one of scratch, distroless-static, distroless-cc, alpine, debian-slim",
            List.of("scratch", "distroless-static", "distroless-cc", "alpine", "debian-slim"),
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
                    + " with a valid host name, a port from 1 to 65535 if any, and no credentials, query or fragment",
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
                // The length as a lookahead: at most 64 characters in all.
                return Optional.of("(?=.{1,64}$)" + CrateNames.SERVICE_SHAPE.pattern());
            case PORT:
                // 1 to 65535 without leading zeros, digit by digit.
                return Optional.of(PORT_NUMBER);
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

    // The port, as Rust and Dockerfiles print it: a leading zero would make the generated `const PORT: u16 = 080`
    // a clippy error and EXPOSE 080 differ from what the service reports.
    private static final String PORT_NUMBER =
            "[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]";

    private static boolean isIntegerInRange(String value, int min, int max) {
        if (!value.matches("[1-9][0-9]{0,4}")) {
            return false;
        }
        int number = Integer.parseInt(value);
        return number >= min && number <= max;
    }

    /** Cargo's rules for package names, as {@code cargo new} applies them. */
    static final class CrateNames {
        static final Pattern SHAPE = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

        // The generated service's name is also its image name (docker build -t NAME, the workflow's tags) and its
        // crate name: an image path component is lowercase words joined by '.', '_', '__' or dashes, and rustc
        // warns about crate names that are not snake case (clippy -D warnings makes that an error). Both at once,
        // and simple to explain: lowercase words of letters and digits joined by single '-' or '_'.
        static final Pattern SERVICE_SHAPE = Pattern.compile("[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*");

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

        static boolean isValidServiceName(String name) {
            return name.length() <= 64 && SERVICE_SHAPE.matcher(name).matches() && isValid(name);
        }

        /**
         * The name rustc gives the library and cargo compares when it looks for a duplicate: '-' becomes '_', and
         * crates.io treats names that differ only in case as one.
         */
        static String normalized(String name) {
            return name.replace('-', '_').toLowerCase(Locale.ROOT);
        }

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
        // A DNS name: dot-separated labels of letters, digits and inner hyphens, each at most 63 characters.
        private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
        private static final Pattern URL = Pattern.compile(
                "(?:https://" + LABEL + "(?:\\." + LABEL + ")*|http://(?:localhost|127\\.0\\.0\\.1))"
                        + "(?::([1-9][0-9]{0,4}))?(?:/[A-Za-z0-9._~%+-]*)*/");

        static boolean isSparseIndex(String value) {
            Matcher matcher = URL.matcher(value);
            if (!matcher.matches()) {
                return false;
            }
            String port = matcher.group(1);
            return port == null || Integer.parseInt(port) <= 65_535;
        }

        private RegistryUrls() {}
    }

    /** Cargo's version requirements: comma-separated comparators over a (partial) semantic version. */
    static final class VersionRequirements {
        private static final String NUMBER = "(?:0|[1-9][0-9]*)";
        // Spaces only: a line break inside the requirement would break the Cargo.toml string it is written into.
        private static final String COMPARATOR = "(?:\\^|~|=|>=|<=|>|<)? *" + NUMBER + "(?:\\." + NUMBER + "(?:\\." + NUMBER
                + "(?:-[0-9A-Za-z.-]+)?)?)?(?:\\.\\*)?";
        private static final Pattern REQUIREMENT = Pattern.compile(
                COMPARATOR + "(?: *, *" + COMPARATOR + ")*");

        static boolean isValid(String value) {
            return REQUIREMENT.matcher(value).matches();
        }

        private VersionRequirements() {}
    }
}

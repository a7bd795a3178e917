package dev.rustkit.verifier;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The checks rustkit trusts for a generated project, in the order they run: the cheap linters first, so that a
 * broken Dockerfile or workflow fails within seconds, then the cargo steps, the release build and the run of the
 * binary as the image would run it, and last the lock, once every build has had its chance to touch it.
 */
public enum Check {
    TALLY("the Dockerfile passes tally"),
    HADOLINT("hadolint finds no error in the Dockerfile, and the last USER is not root"),
    ACTIONLINT("the GitHub Actions workflows pass actionlint"),
    ZIZMOR("zizmor --offline finds nothing in the workflows"),
    FETCH("cargo fetch --locked: Cargo.lock is complete and every crate it names downloads"),
    DENY("cargo deny check bans licenses sources passes"),
    FMT("cargo fmt --check finds nothing to change"),
    CLIPPY("cargo clippy --all-targets --locked -D warnings is clean"),
    TEST("cargo test --locked passes"),
    BUILD("the release build links as the image's final stage needs: fully static, or only the base's glibc"),
    RUN("runs as PID 1 in the assembled final stage as the image's USER: /health, /ready, healthcheck, SIGTERM"),
    LOCK("Cargo.lock is byte for byte as generated after the builds and a plain cargo metadata");

    private final String title;

    Check(String title) {
        this.title = title;
    }

    /** The name users type after {@code --checks}: the constant in lower case. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What passing this check means, in one line. */
    public String title() {
        return title;
    }

    /** The checks that need cargo (and therefore a fetched lock). */
    public boolean usesCargo() {
        return ordinal() >= FETCH.ordinal();
    }

    public static Optional<Check> byId(String id) {
        return Arrays.stream(values()).filter(check -> check.id().equals(id)).findFirst();
    }

    public static String ids() {
        return Arrays.stream(values()).map(Check::id).collect(Collectors.joining(", "));
    }
}

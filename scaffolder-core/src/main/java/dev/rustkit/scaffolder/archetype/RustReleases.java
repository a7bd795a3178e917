package dev.rustkit.scaffolder.archetype;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which Rust versions exist. Rust ships a stable minor release every six weeks, exactly: 1.0 came out on
 * 2015-05-15 and 1.N on 2015-05-14 plus 42·N days (1.88: 2025-06-26, 1.95: 2026-04-16). So {@code 1.N} and
 * {@code 1.N.0} are real once their release day has come, which rejects typos such as 1.950 without a list that ages.
 *
 * <p>Point releases ({@code 1.N.P}, P &gt; 0) follow no calendar: only those in {@link #POINT_RELEASES} are accepted.
 * The list may lag behind a new point release; {@code 1.N} then names it (rustup and the rust image's {@code 1.N}
 * tag follow the newest patch), so nobody is stuck.
 *
 * <p>The generated projects' {@code rust-version} must equal {@link #MINIMUM}; the integration tests check it.
 */
public final class RustReleases {
    /** The generated crates' {@code rust-version}: the highest MSRV among their dependencies (actix-web 4.18). */
    public static final String MINIMUM = "1.89";

    /**
     * The point releases from {@link #MINIMUM} on that rustkit knows, with the dates rustup reports for them: 1.91.1
     * (2025-11-10), 1.93.1 (2026-02-11), 1.94.1 (2026-03-25), 1.96.1 (2026-06-26). One missing here is refused with
     * the hint to write {@code 1.N}.
     */
    public static final List<String> POINT_RELEASES = List.of("1.91.1", "1.93.1", "1.94.1", "1.96.1");

    private static final int MINIMUM_MINOR = Integer.parseInt(MINIMUM.substring(2));
    private static final LocalDate TRAIN_EPOCH = LocalDate.of(2015, 5, 14);
    static final Pattern VERSION = Pattern.compile("1\\.(0|[1-9][0-9]{0,3})(?:\\.(0|[1-9][0-9]?))?");

    static boolean isReleasedAndSupported(String version) {
        return isReleasedAndSupported(version, Clock.systemUTC());
    }

    static boolean isReleasedAndSupported(String version, Clock clock) {
        Matcher matcher = VERSION.matcher(version);
        if (!matcher.matches()) {
            return false;
        }
        int minor = Integer.parseInt(matcher.group(1));
        String patch = matcher.group(2);
        boolean released = minor >= MINIMUM_MINOR && !releaseDay(minor).isAfter(LocalDate.now(clock));
        return released && (patch == null || patch.equals("0") || POINT_RELEASES.contains(version));
    }

    static LocalDate releaseDay(int minor) {
        return TRAIN_EPOCH.plusDays(42L * minor);
    }

    private RustReleases() {}
}

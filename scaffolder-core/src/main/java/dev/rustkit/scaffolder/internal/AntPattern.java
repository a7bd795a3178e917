package dev.rustkit.scaffolder.internal;

import java.util.Arrays;
import java.util.List;

/**
 * Ant-style path patterns as the archetype plugin matches a fileSet's includes and excludes against the
 * {@code archetype-resources} entries (its {@code ListScanner}, plexus {@code SelectorUtils.matchPath}, case
 * sensitive): {@code **} spans directories, {@code *} and {@code ?} stay within one name, a pattern ending in
 * {@code /} means everything below.
 */
final class AntPattern {
    private final List<String> segments;
    private final boolean absolute;

    private AntPattern(String pattern) {
        this.absolute = pattern.startsWith("/");
        this.segments = split(pattern);
    }

    /** The pattern as the scanner builds it: the fileSet directory, a separator, the trimmed include. */
    static AntPattern of(String directory, String include) {
        String pattern = include.trim();
        if (pattern.endsWith("/")) {
            pattern = pattern + "**";
        }
        return new AntPattern(directory.isEmpty() ? pattern : directory + "/" + pattern);
    }

    boolean matches(String path) {
        if (path.startsWith("/") != absolute) {
            return false;
        }
        return matches(0, split(path), 0);
    }

    private boolean matches(int p, List<String> path, int s) {
        if (p == segments.size()) {
            return s == path.size();
        }
        String segment = segments.get(p);
        if (segment.equals("**")) {
            for (int skip = s; skip <= path.size(); skip++) {
                if (matches(p + 1, path, skip)) {
                    return true;
                }
            }
            return false;
        }
        return s < path.size() && matchesName(segment, 0, path.get(s), 0) && matches(p + 1, path, s + 1);
    }

    private static boolean matchesName(String pattern, int p, String name, int n) {
        if (p == pattern.length()) {
            return n == name.length();
        }
        char c = pattern.charAt(p);
        if (c == '*') {
            for (int skip = n; skip <= name.length(); skip++) {
                if (matchesName(pattern, p + 1, name, skip)) {
                    return true;
                }
            }
            return false;
        }
        return n < name.length() && (c == '?' || c == name.charAt(n)) && matchesName(pattern, p + 1, name, n + 1);
    }

    private static List<String> split(String path) {
        return Arrays.stream(path.split("/")).filter(segment -> !segment.isEmpty()).toList();
    }
}

package dev.rustkit.verifier;

import java.time.Duration;

/**
 * One check's outcome: passed, failed (the tool or the expectation said no), or not run (a tool is missing or the
 * machine cannot do it). {@code detail} is the tool's own output or the failed expectation, whole; reports show
 * {@link #trimmedDetail()}.
 */
public record StepResult(Check check, Status status, Duration took, String detail) {
    /** Lines kept of a long tool output: its end, where tools put their verdict. */
    static final int KEPT_LINES = 60;

    public enum Status { PASSED, FAILED, NOT_RUN }

    public boolean passed() {
        return status == Status.PASSED;
    }

    /** The first line of the detail: what a summary line shows. */
    public String headline() {
        String first = detail.strip().lines().findFirst().orElse("");
        return first.length() > 200 ? first.substring(0, 200) + "…" : first;
    }

    /** The detail with at most {@value #KEPT_LINES} lines: the first, then the last ones. */
    public String trimmedDetail() {
        String[] lines = detail.strip().split("\n", -1);
        if (lines.length <= KEPT_LINES) {
            return detail.strip();
        }
        StringBuilder kept = new StringBuilder(lines[0]).append("\n… ").append(lines.length - KEPT_LINES)
                .append(" lines cut …\n");
        for (int i = lines.length - KEPT_LINES + 1; i < lines.length; i++) {
            kept.append(lines[i]).append('\n');
        }
        return kept.toString().strip();
    }

    /** For a test that runs one step: fails with the whole detail unless it passed. */
    public void assertPassed() {
        if (!passed()) {
            throw new AssertionError(check.id() + " " + status + " after " + took.toMillis() + " ms: " + detail);
        }
    }
}

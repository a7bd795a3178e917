package dev.rustkit.verifier;

import java.time.Duration;
import java.util.List;

/**
 * What the run check asks of the service beyond answering its probes. The defaults are what any orchestrator
 * needs: exit 0 within {@code docker stop}'s 10 s after SIGTERM, also with an idle keep-alive connection open.
 * rustkit's own suite asks for its services' tighter promises (a 1 s shutdown delay during which /ready turns
 * 503, then exit within 2 s).
 */
public record RunExpectations(
        Duration sigtermGrace,
        Duration idleConnectionGrace,
        Duration minimumShutdownDelay,
        boolean readyTurns503OnSigterm,
        List<String> startupLogContains) {

    public static final RunExpectations DEFAULT = new RunExpectations(Duration.ofSeconds(10), Duration.ofSeconds(10),
            Duration.ZERO, false, List.of());

    public RunExpectations {
        startupLogContains = List.copyOf(startupLogContains);
    }
}

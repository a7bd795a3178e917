package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rustkit.verifier.support.Command;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * SIGTERM while the service is under load, judged by the benchmark's own observer ({@code bench/probe.py drain}, so
 * the rules live once): wrk loads {@code /health}; the observer keeps one request outstanding on each of its own
 * keep-alive connections and sends SIGTERM from the same event loop, so it knows which requests were written before
 * the signal. Every one of those must be answered 200. Without the services' shutdown delay this failed in most runs
 * (the framework closed keep-alive connections whose request was already in the socket buffer), and only under
 * load: an idle service never shows it.
 */
final class DrainUnderLoad {
    /** Several runs: the race the delay closes is timing-dependent, a single run could miss a regression. */
    static final int RUNS = 3;

    private static final ObjectMapper JSON = new ObjectMapper();

    static void assertNothingWrittenBeforeSigtermIsDropped(Path binary, Path work) throws IOException {
        Path results = work.resolve("drain.jsonl");
        for (int run = 1; run <= RUNS; run++) {
            Command.of("python3", TestSettings.repoRoot().resolve("bench/probe.py").toString(), "drain",
                            "--label", "it-" + run, "--bin", binary.toString(),
                            "--wrk", "-t1 -c32 -d4s", "--sigterm-after", "1.5", "--observer-connections", "16",
                            "--out", results.toString(), "--log", work.resolve("drain-" + run + ".log").toString())
                    .runOrFail();
        }
        List<String> lines = Files.readAllLines(results);
        assertThat(lines).as("one result per run").hasSize(RUNS);
        for (String line : lines) {
            JsonNode run = JSON.readTree(line);
            String label = run.get("label").asText();
            assertThat(run.get("exit_code").asInt(-1)).as("%s: exit code after SIGTERM under load", label).isZero();
            assertThat(run.get("observer_in_flight_answered").asInt())
                    .as("%s: the observer had requests in flight at SIGTERM (else it proved nothing)", label)
                    .isPositive();
            assertThat(run.get("observer_failed").asInt())
                    .as("%s: requests written before SIGTERM and not answered 200; observer events: %s", label,
                            run.get("observer_events"))
                    .isZero();
        }
    }

    private DrainUnderLoad() {}
}

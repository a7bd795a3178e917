package dev.rustkit.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The jar started with one generation at a time, room for all to wait, and a longest wait of 1 ms
 * ({@code --max-queue-wait 1}), sent 16 different {@code /starter.zip} requests at once while cold (its first
 * generation alone takes far longer than 1 ms): those whose turn does not come in time are answered 503 with
 * Retry-After and a problem document saying how long they waited, the rest get their own correct zips.
 */
class GenerationQueueWaitIT {
    private static final int FLOOD = 16;
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final RunningPortal PORTAL = new RunningPortal("--max-concurrent-generations", "1",
            "--max-queued-generations", String.valueOf(FLOOD), "--max-queue-wait", "1");

    @Test
    void requestsWaitingLongerThanTheLongestWaitAre503WithRetryAfter() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(FLOOD);
        List<Integer> timedOut = new ArrayList<>();
        try {
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                paths.add("starter.zip?archetype=rocket-distroless&groupId=com.example&artifactId=wait-" + i);
            }
            List<Future<HttpResponse<byte[]>>> answers = PORTAL.getAllAtOnce(pool, paths);
            for (int i = 0; i < FLOOD; i++) {
                HttpResponse<byte[]> response = answers.get(i).get(60, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as("wait-" + i).isIn(200, 503);
                if (response.statusCode() == 503) {
                    timedOut.add(i);
                    assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
                    assertThat(response.headers().firstValue("Content-Type")).hasValue(ProblemDocument.MEDIA_TYPE);
                    JsonNode problem = JSON.readTree(response.body());
                    assertThat(problem.path("status").asInt()).isEqualTo(503);
                    assertThat(problem.path("detail").asText()).isEqualTo(
                            "The request waited 1 ms for the portal's only generation slot; retry in 1 s.");
                } else {
                    assertThat(GenerationQueueIT.cargoToml(response.body(), "wait-" + i))
                            .contains("name = \"wait-" + i + "\"");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        // The queue had room for all 16: every 503 here is a wait that ran out, none a full queue.
        assertThat(timedOut).as("timed out behind the cold first generation").isNotEmpty().hasSizeLessThan(FLOOD);
    }
}

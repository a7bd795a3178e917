package dev.rustkit.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The jar started with one generation at a time and room for two more to wait, flooded with 48 different
 * {@code /starter.zip} requests at once while still cold (its first generations take the longest): the ones beyond
 * the queue are answered 503 with Retry-After and a problem document, every other one gets its own correct zip, and
 * the routes that do not generate are never refused.
 */
class GenerationQueueIT {
    private static final int FLOOD = 48;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final RunningPortal PORTAL = new RunningPortal("--max-concurrent-generations", "1",
            "--max-queued-generations", "2");

    private static String query(int i) {
        return "starter.zip?archetype=rocket-distroless&groupId=com.example&artifactId=svc-" + i;
    }

    @Test
    void requestsBeyondTheQueueAre503WithRetryAfterAndTheRestGetTheirZips() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(FLOOD + 2);
        try {
            List<String> paths = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                paths.add(query(i));
            }
            // Sent with the flood: neither waits behind a generation, so neither can be refused for a full queue.
            paths.addAll(List.of("health", "metadata"));
            List<Future<HttpResponse<byte[]>>> sent = PORTAL.getAllAtOnce(pool, paths);
            List<Future<HttpResponse<byte[]>>> answers = sent.subList(0, FLOOD);
            List<Future<HttpResponse<byte[]>>> others = sent.subList(FLOOD, sent.size());

            List<Integer> refused = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                HttpResponse<byte[]> response = answers.get(i).get(60, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(query(i)).isIn(200, 503);
                if (response.statusCode() == 503) {
                    refused.add(i);
                    assertThat(response.headers().firstValue("Retry-After")).as(query(i)).hasValue("1");
                    assertThat(response.headers().firstValue("Content-Type")).hasValue(ProblemDocument.MEDIA_TYPE);
                    JsonNode problem = JSON.readTree(response.body());
                    assertThat(problem.path("status").asInt()).isEqualTo(503);
                    assertThat(problem.path("detail").asText())
                            .isEqualTo("The portal is generating 1 project and 2 more are waiting; retry in 1 s.");
                } else {
                    assertThat(cargoToml(response.body(), "svc-" + i)).as(query(i)).contains("name = \"svc-" + i + "\"");
                }
            }
            assertThat(refused).as("refused beyond 1 generating + 2 waiting").isNotEmpty().hasSizeLessThan(FLOOD - 2);
            for (Future<HttpResponse<byte[]>> other : others) {
                assertThat(other.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }

            // Retry-After honoured: the flood is over, so a refused request, asked again, gets its zip.
            Thread.sleep(1000);
            int again = refused.get(0);
            HttpResponse<byte[]> retried = HTTP.send(HttpRequest.newBuilder(PORTAL.base().resolve(query(again))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(retried.statusCode()).isEqualTo(200);
            assertThat(cargoToml(retried.body(), "svc-" + again)).contains("name = \"svc-" + again + "\"");
        } finally {
            pool.shutdownNow();
        }
        assertThat(PORTAL.process().lines()).as("access log").anyMatch(line -> line.contains(" GET /starter.zip 503 "));
    }

    static String cargoToml(byte[] zip, String top) throws Exception {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().equals(top + "/Cargo.toml")) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
        }
        throw new AssertionError("no " + top + "/Cargo.toml in the zip");
    }
}

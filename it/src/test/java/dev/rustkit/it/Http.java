package dev.rustkit.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Plain HTTP GETs against a service on loopback. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    record Response(int status, String body) {}

    static Optional<Response> get(int port, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return Optional.of(new Response(response.statusCode(), response.body()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Polls until {@code path} answers 200, or the service died, or {@code timeout} passed. */
    static boolean awaitOk(int port, String path, Duration timeout, ContainerRun run) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && run.isAlive()) {
            if (get(port, path).map(response -> response.status() == 200).orElse(false)) {
                return true;
            }
            ContainerRun.sleep(50);
        }
        return false;
    }

    private Http() {}
}

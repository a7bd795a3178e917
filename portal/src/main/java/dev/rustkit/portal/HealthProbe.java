package dev.rustkit.portal;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;

/**
 * The container's health check, for images without curl: {@code java -cp rustkit-portal.jar
 * dev.rustkit.portal.HealthProbe [port]} exits 0 if {@code GET http://127.0.0.1:<port>/health} answers 200 within
 * two seconds, 1 otherwise. The port defaults to {@code PORT}, else 8080, as the portal's own does.
 */
public final class HealthProbe {

    public static void main(String[] args) {
        String port = args.length > 0 ? args[0] : System.getenv().getOrDefault("PORT", "8080");
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/health")
                    .toURL().openConnection();
            connection.setConnectTimeout(2_000);
            connection.setReadTimeout(2_000);
            int status = connection.getResponseCode();
            try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (body != null) {
                    body.readAllBytes();
                }
            }
            if (status != 200) {
                System.err.println("health: GET /health answered " + status);
                System.exit(1);
            }
        } catch (IOException | IllegalArgumentException e) {
            System.err.println("health: " + e);
            System.exit(1);
        }
    }

    private HealthProbe() {}
}

package dev.rustkit.verifier.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Plain HTTP/1.1 GETs against a service on loopback, one connection each, closed after the response — as kubelet
 * and Docker probes do. (A pooling client would leave idle keep-alive connections behind, which a test that
 * measures shutdown must open on purpose: {@link #openIdleConnection}.)
 */
public final class Http {
    private static final int TIMEOUT_MILLIS = 5_000;

    public record Response(int status, String body) {}

    public static Optional<Response> get(int port, String path) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            send(socket, path, "close");
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return Optional.of(parse(response));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A keep-alive connection that has completed one GET and now sits idle, as a load balancer's pooled connection
     * does. Close it to release the server.
     */
    public static Socket openIdleConnection(int port, String path) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        send(socket, path, "keep-alive");
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before the response headers");
            }
            head.write(b);
        }
        return socket;
    }

    /** Polls until {@code path} answers 200, or the service died, or {@code timeout} passed. */
    public static boolean awaitOk(int port, String path, Duration timeout, BooleanSupplier alive) {
        return awaitStatus(port, path, 200, timeout, alive, 50);
    }

    /** Polls every {@code pollMillis} until {@code path} answers {@code status}, or the service died, or timeout. */
    public static boolean awaitStatus(int port, String path, int status, Duration timeout, BooleanSupplier alive,
            long pollMillis) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && alive.getAsBoolean()) {
            if (get(port, path).map(response -> response.status() == status).orElse(false)) {
                return true;
            }
            ContainerRun.sleep(pollMillis);
        }
        return false;
    }

    private static void send(Socket socket, String path, String connection) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: " + connection + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static Response parse(String response) {
        int headEnd = response.indexOf("\r\n\r\n");
        String statusLine = response.substring(0, response.indexOf("\r\n"));
        return new Response(Integer.parseInt(statusLine.split(" ")[1]),
                headEnd < 0 ? "" : response.substring(headEnd + 4));
    }

    private Http() {}
}

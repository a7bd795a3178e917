package dev.rustkit.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** SIGTERM while a download is in flight: it is answered in full, then the portal exits 0. */
class PortalShutdownIT {
    private static final String FORM = "archetype=rocket-distroless&groupId=com.example&artifactId=inflight";

    @Test
    void sigtermLetsTheDownloadInFlightFinish() throws Exception {
        try (PortalProcess portal = PortalProcess.start()) {
            URI base = portal.base();
            byte[] expected = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("starter.zip?" + FORM))
                    .build(), HttpResponse.BodyHandlers.ofByteArray()).body();
            assertThat(expected).startsWith(0x50, 0x4b, 0x03, 0x04);

            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                byte[] body = FORM.getBytes(StandardCharsets.US_ASCII);
                int half = body.length / 2;
                // The request is in the portal's hands (headers read, handler waiting for the form body) when the
                // signal comes; the rest of the body follows after it.
                out.write(("POST /starter.zip HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nContent-Type: "
                        + Portal.FORM_TYPE + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body, 0, half);
                out.flush();
                Thread.sleep(300);
                ProcessHandle.of(portal.pid()).orElseThrow().destroy(); // SIGTERM
                portal.awaitLine(Pattern.compile("rustkit-portal: stopping"), Duration.ofSeconds(10));
                // New connections are refused from now on (the listening socket is closed).
                assertThat(refused(base)).as("a new connection after SIGTERM is refused").isTrue();
                Thread.sleep(300);
                out.write(body, half, body.length - half);
                out.flush();

                byte[] response = readAll(socket.getInputStream());
                String head = new String(response, 0, indexOf(response, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                        StandardCharsets.US_ASCII);
                assertThat(head).startsWith("HTTP/1.1 200 ").contains("Content-Length: " + expected.length);
                byte[] zip = Arrays.copyOfRange(response, head.length() + 4, response.length);
                assertThat(zip).isEqualTo(expected);
            }
            assertThat(portal.awaitExit()).as("exit status").isZero();
            assertThat(portal.lines()).anyMatch(l -> l.contains(" POST /starter.zip 200 "))
                    .anyMatch(l -> l.equals("rustkit-portal: stopped"));
        }
    }

    private static boolean refused(URI base) throws InterruptedException {
        // Jetty closes the listener as the stop begins; give it a moment.
        for (int i = 0; i < 50; i++) {
            try (Socket probe = new Socket(base.getHost(), base.getPort())) {
                Thread.sleep(20);
            } catch (ConnectException e) {
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        }
        return false;
    }

    /** Until the server closes or the Content-Length body is complete. */
    private static byte[] readAll(InputStream in) throws java.io.IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            all.write(buffer, 0, n);
            byte[] sofar = all.toByteArray();
            int end = indexOf(sofar, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            if (end >= 0) {
                var m = Pattern.compile("(?i)Content-Length: (\\d+)")
                        .matcher(new String(sofar, 0, end, StandardCharsets.US_ASCII));
                if (m.find() && sofar.length >= end + 4 + Integer.parseInt(m.group(1))) {
                    return sofar;
                }
            }
        }
        return all.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

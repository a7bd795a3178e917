package dev.rustkit.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The built jar, started with {@code java -jar} on a free port, answered by a real HTTP client. */
class PortalIT {
    private static final Pattern LISTENING = Pattern.compile("on (http://\\S+/)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Process portal;
    private static URI base;

    @BeforeAll
    static void start() throws Exception {
        portal = new ProcessBuilder("java", "-jar", System.getProperty("portal.jar"), "--port", "0", "--bind", "127.0.0.1")
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(portal.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        Matcher m = LISTENING.matcher(String.valueOf(line));
        assertThat(m.find()).as("start-up line: %s", line).isTrue();
        base = URI.create(m.group(1));
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
        drain.setDaemon(true);
        drain.start();
    }

    @AfterAll
    static void stop() throws Exception {
        portal.destroy(); // SIGTERM: the graceful stop
        assertThat(portal.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(portal.exitValue()).isZero();
    }

    private static HttpResponse<byte[]> get(String path, String accept) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void healthAnswers() throws Exception {
        assertThat(get("health", "application/json").statusCode()).isEqualTo(200);
    }

    @Test
    void everyPropertyAtFaultIsNamedInOneProblemDocument() throws Exception {
        HttpResponse<byte[]> response = get("starter.zip?archetype=rocket-distroless&artifactId=Bad_Name", "*/*");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problems = JSON.readTree(response.body()).get("problems");
        assertThat(problems).extracting(p -> p.get("property").asText()).containsExactly("artifactId", "groupId");
        assertThat(problems.get(0).get("value").asText()).isEqualTo("Bad_Name");
    }

    @Test
    void unknownArchetypeIs404AndWrongMethod405() throws Exception {
        assertThat(get("starter.zip?archetype=nope", "*/*").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> delete = HTTP.send(HttpRequest.newBuilder(base.resolve("metadata")).DELETE().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(delete.statusCode()).isEqualTo(405);
    }

    @Test
    void baseDirEscapingTheArchiveIsRefused() throws Exception {
        HttpResponse<byte[]> response = get(
                "starter.tgz?archetype=actix-scratch&artifactId=demo&groupId=com.example&baseDir=../x", "*/*");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("baseDir");
    }

    @Test
    void zipIsAnAttachmentNamedAfterTheArtifact() throws Exception {
        HttpResponse<byte[]> response = get(
                "starter.zip?archetype=rocket-distroless&artifactId=demo&groupId=com.example", "*/*");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"demo.zip\"");
        assertThat(response.body()).startsWith(0x50, 0x4b, 0x03, 0x04);
    }

    @Test
    void pageCarriesItsSecurityHeaders() throws Exception {
        HttpResponse<byte[]> response = get("", "text/html");
        assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }
}

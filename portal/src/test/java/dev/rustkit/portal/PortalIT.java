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

    /** With an empty baseDir the portal's zip is the CLI's {@code --zip}, byte for byte (both fix entry times). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"actix-scratch", "rocket-distroless", "private-registry",
            "multiarch-buildx"})
    void zipWithEmptyBaseDirEqualsTheClisZip(String archetype) throws Exception {
        // The properties private-registry requires beyond the common ones; none for the others.
        java.util.List<String> extra = archetype.equals("private-registry")
                ? java.util.List.of("registryIndex=https://crates.example.com/index/", "internalCrate=acme-core",
                        "internalCrateVersion=1.2")
                : java.util.List.of();
        java.nio.file.Path work = java.nio.file.Files.createDirectories(
                java.nio.file.Path.of(System.getProperty("portal.work"), archetype));
        java.nio.file.Path cliZip = work.resolve("cli.zip");
        java.nio.file.Files.deleteIfExists(cliZip);
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("java", "-jar",
                System.getProperty("scaffolder.jar"), "new", archetype,
                "--archetypes=" + System.getProperty("portal.archetypes"), "--zip=" + cliZip,
                "-p", "groupId=com.example", "-p", "artifactId=demo"));
        extra.forEach(property -> command.addAll(java.util.List.of("-p", property)));
        Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
        String cliOutput = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cli.waitFor()).as(cliOutput).isZero();
        HttpResponse<byte[]> response = get("starter.zip?archetype=" + archetype
                + "&groupId=com.example&artifactId=demo&baseDir="
                + extra.stream().map(p -> "&" + p.replace(":", "%3A").replace("/", "%2F")).collect(
                        java.util.stream.Collectors.joining()), "*/*");
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(response.body()).isEqualTo(java.nio.file.Files.readAllBytes(cliZip));
    }

    /** Real {@code tar} unpacks the tgz into the files /preview lists, each with the mode it lists. */
    @Test
    void tgzExtractsWithTarToThePreviewsFilesAndModes() throws Exception {
        String query = "archetype=actix-scratch&groupId=com.example&artifactId=demo";
        java.nio.file.Path work = java.nio.file.Files.createDirectories(
                java.nio.file.Path.of(System.getProperty("portal.work"), "tgz"));
        java.nio.file.Path tgz = work.resolve("demo.tgz");
        java.nio.file.Files.write(tgz, get("starter.tgz?" + query, "*/*").body());
        java.nio.file.Path out = work.resolve("out");
        if (java.nio.file.Files.exists(out)) {
            try (var walk = java.nio.file.Files.walk(out)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        java.nio.file.Files.createDirectories(out);
        Process tar = new ProcessBuilder("tar", "-xzf", tgz.toString(), "-C", out.toString())
                .redirectErrorStream(true).start();
        String tarOutput = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(tar.waitFor()).as(tarOutput).isZero();
        JsonNode files = JSON.readTree(get("preview?" + query, "application/json").body()).get("files");
        java.util.Map<String, String> expected = new java.util.TreeMap<>();
        files.forEach(f -> expected.put("demo/" + f.get("path").asText(), f.get("mode").asText()));
        java.util.Map<String, String> extracted = new java.util.TreeMap<>();
        try (var walk = java.nio.file.Files.walk(out)) {
            for (java.nio.file.Path file : (Iterable<java.nio.file.Path>) walk.filter(java.nio.file.Files::isRegularFile)::iterator) {
                int mode = (Integer) java.nio.file.Files.getAttribute(file, "unix:mode") & 07777;
                extracted.put(out.relativize(file).toString(), String.format("%04o", mode));
            }
        }
        assertThat(extracted).isNotEmpty().isEqualTo(expected);
    }

    @Test
    void pageCarriesItsSecurityHeaders() throws Exception {
        HttpResponse<byte[]> response = get("", "text/html");
        assertThat(response.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }
}

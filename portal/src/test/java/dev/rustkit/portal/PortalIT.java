package dev.rustkit.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The built jar, started with {@code java -jar} on a free port, answered by a real HTTP client. */
class PortalIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final RunningPortal PORTAL = new RunningPortal();

    private static HttpResponse<byte[]> get(String path, String accept) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(PORTAL.base().resolve(path)).header("Accept", accept).build(),
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
        HttpResponse<byte[]> delete = HTTP.send(
                HttpRequest.newBuilder(PORTAL.base().resolve("metadata")).DELETE().build(),
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

    // ---- The text help's examples, run by real curl ----------------------------------------------------------

    private static final java.util.regex.Pattern PARAMETER =
            java.util.regex.Pattern.compile("(?:[?&]|-d |--data-urlencode ')([A-Za-z]+)=([^&' ]*)");

    /**
     * Every example command of the text help, taken from the text curl itself got, run by bash with real curl (and
     * tar, as written); what it leaves, unpacked by unzip or tar, is the tree {@code scaffolder new} writes for the
     * same inputs, modes included, under the top directory the command asked for.
     */
    @Test
    void theTextHelpsCurlExamplesYieldWhatTheEngineGenerates() throws Exception {
        java.nio.file.Path work = Trees.fresh(java.nio.file.Path.of(System.getProperty("portal.work"), "help-examples"));
        String help = Trees.run(work, java.util.List.of("curl", "-fsS", PORTAL.base().toString()));
        assertThat(help).startsWith("rustkit portal:");
        java.util.List<String> commands = help.lines().map(String::strip).filter(l -> l.startsWith("curl ")).toList();
        java.util.List<String> runnable = commands.stream().filter(c -> !c.contains("<")).toList();
        // The three general examples and one per archetype whose required properties all have example values.
        assertThat(runnable).hasSizeGreaterThanOrEqualTo(6);
        assertThat(commands).hasSize(3 + 4);
        int n = 0;
        for (String command : runnable) {
            java.nio.file.Path dir = Trees.fresh(work.resolve("example-" + n++));
            Trees.run(dir, java.util.List.of("bash", "-o", "pipefail", "-c", command));
            java.util.Map<String, String> parameters = new java.util.LinkedHashMap<>();
            java.util.regex.Matcher m = PARAMETER.matcher(command);
            while (m.find()) {
                parameters.put(m.group(1), m.group(2));
            }
            String archetype = parameters.remove("archetype");
            String baseDir = parameters.containsKey("baseDir") ? parameters.remove("baseDir") : parameters.get("artifactId");
            java.nio.file.Path unpacked = dir;
            try (var files = java.nio.file.Files.list(dir)) {
                java.util.List<java.nio.file.Path> zips = files.filter(f -> f.toString().endsWith(".zip")).toList();
                if (!zips.isEmpty()) {
                    assertThat(zips).as(command).hasSize(1);
                    unpacked = dir.resolve("unzipped");
                    Trees.run(dir, java.util.List.of("unzip", "-q", zips.get(0).toString(), "-d", unpacked.toString()));
                }
            }
            java.util.Map<String, String> expected = new java.util.TreeMap<>();
            Trees.engine(work, archetype, parameters)
                    .forEach((path, entry) -> expected.put(baseDir.isEmpty() ? path : baseDir + "/" + path, entry));
            assertThat(Trees.read(unpacked)).as(command).isNotEmpty().isEqualTo(expected);
        }
    }

    // ---- Concurrency ---------------------------------------------------------------------------------------

    /**
     * 64 different requests at once (four archetypes, zip and tgz, each its own artifactId and port): every answer
     * is the project asked for, byte for byte what the same request gets on its own afterwards.
     */
    @Test
    void sixtyFourConcurrentDifferentRequestsGetSixtyFourCorrectArchives() throws Exception {
        java.util.List<String> archetypes = java.util.List.of("actix-scratch", "rocket-distroless", "private-registry",
                "multiarch-buildx");
        java.util.List<String> queries = new java.util.ArrayList<>();
        for (int i = 0; i < 64; i++) {
            String archetype = archetypes.get(i % 4);
            queries.add((i % 2 == 0 ? "starter.zip" : "starter.tgz") + "?archetype=" + archetype
                    + "&groupId=com.example&artifactId=svc-" + i + "&port=" + (10000 + i)
                    + (archetype.equals("private-registry")
                            ? "&registryIndex=https%3A%2F%2Fcrates.example.com%2Findex%2F&internalCrate=acme-core"
                                    + "&internalCrateVersion=1.2" : ""));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(64);
        try {
            var answers = PORTAL.getAllAtOnce(pool, queries);
            for (int i = 0; i < 64; i++) {
                HttpResponse<byte[]> response = answers.get(i).get(60, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(queries.get(i)).isEqualTo(200);
                String cargoToml = cargoToml(response.body(), i % 2 == 1, "svc-" + i);
                assertThat(cargoToml).as(queries.get(i)).contains("name = \"svc-" + i + "\"");
                assertThat(response.body()).as("%s, asked alone", queries.get(i))
                        .isEqualTo(get(queries.get(i), "*/*").body());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code <top>/Cargo.toml} from a zip or a tgz. */
    private static String cargoToml(byte[] archive, boolean tgz, String top) throws Exception {
        String name = top + "/Cargo.toml";
        if (tgz) {
            try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                    new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(archive)))) {
                for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    if (entry.getName().equals(name)) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            }
        } else {
            try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(archive))) {
                for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    if (entry.getName().equals(name)) {
                        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            }
        }
        throw new AssertionError("no " + name + " in the archive");
    }

    // ---- Bad input -----------------------------------------------------------------------------------------

    @Test
    void queryOverTheLimitIs414AndBodyOverTheLimit413() throws Exception {
        String pad = "a".repeat(Portal.MAX_QUERY_BYTES);
        HttpResponse<byte[]> longQuery = get("starter.zip?archetype=actix-scratch&groupId=" + pad, "*/*");
        assertThat(longQuery.statusCode()).isEqualTo(414);
        assertThat(JSON.readTree(longQuery.body()).get("detail").asText()).contains("at most 8192");
        // Just at the limit is still judged on its merits (here: a bad groupId is not the problem, the length is not).
        String atLimit = "archetype=actix-scratch&artifactId=demo&groupId=";
        atLimit += "a".repeat(Portal.MAX_QUERY_BYTES - atLimit.length());
        assertThat(get("starter.zip?" + atLimit, "*/*").statusCode()).isEqualTo(200);

        HttpResponse<byte[]> bigBody = HTTP.send(HttpRequest.newBuilder(PORTAL.base().resolve("starter.zip"))
                .header("Content-Type", Portal.FORM_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString("archetype=actix-scratch&groupId=" + pad)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(bigBody.statusCode()).isEqualTo(413);
        assertThat(bigBody.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(bigBody.body()).get("detail").asText()).contains("at most 8192");
    }

    @Test
    void unknownParameterIs400NamingIt() throws Exception {
        HttpResponse<byte[]> response = get(
                "starter.zip?archetype=actix-scratch&groupId=com.example&artifactId=demo&colour=red", "*/*");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problems = JSON.readTree(response.body()).get("problems");
        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).get("property").asText()).isEqualTo("colour");
        assertThat(problems.get(0).get("message").asText()).contains("colour").contains("red");
    }

    @Test
    void unknownArchetypeIs404NamingTheKnownOnes() throws Exception {
        for (String path : java.util.List.of("starter.zip?archetype=nope", "preview?archetype=nope",
                "metadata/nope/schema")) {
            HttpResponse<byte[]> response = get(path, "*/*");
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(JSON.readTree(response.body()).get("detail").asText()).as(path).contains("\"nope\"")
                    .contains("actix-scratch", "rocket-distroless", "private-registry", "multiarch-buildx");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"..", "a/../b", "/abs", "a%5Cb", "a%00b", "a%01b", "a//b",
            "a/"})
    void everyUnsafeBaseDirIs400QuotingIt(String baseDir) throws Exception {
        HttpResponse<byte[]> response = get(
                "starter.zip?archetype=actix-scratch&groupId=com.example&artifactId=demo&baseDir=" + baseDir, "*/*");
        assertThat(response.statusCode()).isEqualTo(400);
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(body).doesNotContain("Exception").doesNotContain("\tat ");
        JsonNode problem = JSON.readTree(response.body()).get("problems").get(0);
        assertThat(problem.get("property").asText()).isEqualTo("baseDir");
        assertThat(problem.get("value").asText())
                .isEqualTo(java.net.URLDecoder.decode(baseDir, StandardCharsets.UTF_8));
        assertThat(problem.get("allowed").asText()).contains("relative path");
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        HttpResponse<byte[]> put = HTTP.send(HttpRequest.newBuilder(PORTAL.base().resolve("starter.zip"))
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("Allow")).hasValue("GET, HEAD, POST");
        assertThat(put.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    /** An HTML form sends its blank fields as name=; they count as not given, so the form's POST works as is. */
    @Test
    void blankFormFieldsCountAsNotGiven() throws Exception {
        HttpResponse<byte[]> form = HTTP.send(HttpRequest.newBuilder(PORTAL.base().resolve("starter.zip"))
                .header("Content-Type", Portal.FORM_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(
                        "archetype=rocket-distroless&groupId=com.example&artifactId=demo&package=&version=")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(form.statusCode()).as(new String(form.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(form.body()).isEqualTo(
                get("starter.zip?archetype=rocket-distroless&groupId=com.example&artifactId=demo", "*/*").body());
        // A required property left blank is still missing, in the engine's words.
        HttpResponse<byte[]> blankName = get("starter.zip?archetype=rocket-distroless&groupId=com.example&artifactId=",
                "*/*");
        assertThat(blankName.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(blankName.body()).get("problems").get(0).get("property").asText()).isEqualTo("artifactId");
    }

    // ---- GET /, /metadata, /ready, the access log --------------------------------------------------------------

    private static HttpResponse<byte[]> home(String accept, String userAgent) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(PORTAL.base()).header("Accept", accept);
        if (userAgent != null) {
            request.header("User-Agent", userAgent);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void homeNegotiatesPageTextHelpAndJson() throws Exception {
        String chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
        HttpResponse<byte[]> page = home("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", chrome);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(new String(page.body(), StandardCharsets.UTF_8)).contains("<form id=\"starter\"")
                .contains("<script src=\"/assets/app.js\"").doesNotContain("<script>");

        for (String agent : java.util.List.of("curl/8.5.0", "HTTPie/3.2.4", "Wget/1.21.3")) {
            HttpResponse<byte[]> text = home("*/*", agent);
            assertThat(text.headers().firstValue("Content-Type")).as(agent).hasValue("text/plain; charset=utf-8");
            assertThat(new String(text.body(), StandardCharsets.UTF_8)).as(agent)
                    .contains("actix-scratch:", "rocket-distroless:", "private-registry:", "multiarch-buildx:")
                    .contains("port (default: 8080)").contains("Allowed: one of mimalloc, jemalloc, system.")
                    .contains("curl -fsSL");
        }
        assertThat(home("text/plain", chrome).headers().firstValue("Content-Type"))
                .hasValue("text/plain; charset=utf-8");

        HttpResponse<byte[]> json = home("application/json", chrome);
        assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json.body()).isEqualTo(get("metadata", "application/json").body());
        assertThat(page.headers().firstValue("Vary").orElseThrow()).contains("Accept").contains("User-Agent");
    }

    @Test
    void metadataHasAnEtagCacheControlAndAnswers304() throws Exception {
        HttpResponse<byte[]> metadata = get("metadata", "application/json");
        assertThat(metadata.statusCode()).isEqualTo(200);
        String etag = metadata.headers().firstValue("ETag").orElseThrow();
        assertThat(metadata.headers().firstValue("Cache-Control").orElseThrow()).contains("max-age=");
        JsonNode catalog = JSON.readTree(metadata.body());
        assertThat(catalog.get("archetypes")).extracting(a -> a.get("id").asText())
                .containsExactlyInAnyOrder("actix-scratch", "rocket-distroless", "private-registry", "multiarch-buildx");
        assertThat(catalog.get("limits").get("queryBytes").asInt()).isEqualTo(Portal.MAX_QUERY_BYTES);
        assertThat(catalog.get("_links").get("zip").get("href").asText()).startsWith("/starter.zip{");
        HttpResponse<byte[]> again = HTTP.send(HttpRequest.newBuilder(PORTAL.base().resolve("metadata"))
                .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        HttpResponse<byte[]> stale = HTTP.send(HttpRequest.newBuilder(PORTAL.base().resolve("metadata"))
                .header("If-None-Match", "\"other\"").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(stale.statusCode()).isEqualTo(200);
    }

    /** {@code /metadata/{id}/schema} is the engine's own JSON Schema: what {@code scaffolder describe --json} prints. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"actix-scratch", "rocket-distroless", "private-registry",
            "multiarch-buildx"})
    void schemaIsTheEnginesJsonSchema(String archetype) throws Exception {
        HttpResponse<byte[]> schema = get("metadata/" + archetype + "/schema", "application/json");
        assertThat(schema.statusCode()).isEqualTo(200);
        assertThat(schema.headers().firstValue("ETag")).isPresent();
        String cli = Trees.run(java.nio.file.Path.of(System.getProperty("portal.work")).getParent(), java.util.List.of(
                "java", "-jar", System.getProperty("scaffolder.jar"), "describe", archetype, "--json",
                "--archetypes=" + System.getProperty("portal.archetypes")));
        assertThat(JSON.readTree(schema.body())).isEqualTo(JSON.readTree(cli));
    }

    @Test
    void readyAnswersWhileServing() throws Exception {
        HttpResponse<byte[]> ready = get("ready", "application/json");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ready.body()).get("status").asText()).isEqualTo("ready");
    }

    @Test
    void everyRequestGetsAnAccessLogLine() throws Exception {
        String path = "no-such-" + java.util.UUID.randomUUID();
        assertThat(get(path, "*/*").statusCode()).isEqualTo(404);
        get("health", "*/*");
        PORTAL.process().awaitLine(java.util.regex.Pattern.compile(
                "^\\[\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z] GET /" + path + " 404 \\d+ \\d+ms$"),
                java.time.Duration.ofSeconds(5));
    }
}

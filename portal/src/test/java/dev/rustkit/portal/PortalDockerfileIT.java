package dev.rustkit.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * portal/Dockerfile: clean for tally and hadolint (not one finding, style included), and what it says holds — read
 * with BuildKit's own parser ({@code dockerfile-json}): a pinned JRE base, a numeric non-root USER, EXPOSE 8080, and
 * its ENTRYPOINT and HEALTHCHECK commands, run here on the built jar, start the portal and probe it (0 while it
 * serves, 1 once it is gone). No image is built: that needs the base image from a registry.
 */
class PortalDockerfileIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path REPO = Path.of(System.getProperty("rustkit.repoRoot"));
    private static final Path DOCKERFILE = REPO.resolve("portal/Dockerfile");

    @Test
    void tallyFindsNothing() throws Exception {
        Result tally = run(List.of(tool("tally"), "lint", "--slow-checks", "off", "--fail-level", "style", "-f", "json",
                "Dockerfile"), Map.of());
        assertThat(tally.status()).as(tally.output()).isZero();
        assertThat(JSON.readTree(tally.output()).get("summary").get("total").asInt()).as(tally.output()).isZero();
    }

    @Test
    void hadolintFindsNothing() throws Exception {
        Result hadolint = run(List.of(tool("hadolint"), "--no-color", "--failure-threshold", "style", "-f", "json",
                "Dockerfile"), Map.of());
        assertThat(hadolint.status()).as(hadolint.output()).isZero();
        assertThat(JSON.readTree(hadolint.output())).as(hadolint.output()).isEmpty();
    }

    @Test
    void itsEntrypointServesAndItsHealthcheckProbes() throws Exception {
        JsonNode stages = JSON.readTree(run(List.of(tool("dockerfile-json"), DOCKERFILE.toString()), Map.of()).output())
                .get("stages");
        assertThat(stages).hasSize(1);
        JsonNode stage = stages.get(0);
        // An exact release tag (major.minor.patch_build), never a moving one like 17-jre.
        assertThat(stage.get("base").asText()).matches("eclipse-temurin:17\\.\\d+\\.\\d+_\\d+-jre-[a-z]+");
        Map<String, JsonNode> last = new HashMap<>();
        Map<String, String> env = new HashMap<>();
        String copied = null;
        for (JsonNode instruction : stage.get("instructions")) {
            String keyword = instruction.get("keyword").asText();
            last.put(keyword, instruction);
            if (keyword.equals("ENV")) {
                instruction.get("keyValues").forEach(kv -> env.put(kv.get("key").asText(), kv.get("value").asText()));
            }
            if (keyword.equals("COPY")) {
                List<String> arguments = strings(instruction.get("arguments"));
                assertThat(arguments).containsExactly("target/rustkit-portal.jar", "/app/rustkit-portal.jar");
                copied = arguments.get(1);
            }
        }
        assertThat(copied).as("COPY of the jar").isNotNull();
        String user = strings(last.get("USER").get("arguments")).get(0);
        assertThat(user).matches("[1-9][0-9]*:[1-9][0-9]*");
        assertThat(strings(last.get("EXPOSE").get("arguments"))).containsExactly("8080");
        assertThat(env).containsEntry("PORT", "8080");
        JsonNode healthcheck = last.get("HEALTHCHECK");
        JsonNode entrypoint = last.get("ENTRYPOINT");
        assertThat(healthcheck.get("execForm").asBoolean()).isTrue();
        assertThat(entrypoint.get("execForm").asBoolean()).isTrue();

        // The image's commands on this machine: its jar path is the built jar, its PORT a free one.
        Map<String, String> here = new HashMap<>(env);
        here.put("PORT", String.valueOf(freePort()));
        String jar = System.getProperty("portal.jar");
        List<String> serve = replace(strings(entrypoint.get("command")), copied, jar);
        List<String> probe = replace(strings(healthcheck.get("command")), copied, jar);
        try (PortalProcess portal = PortalProcess.run(serve, here)) {
            assertThat(portal.base().getPort()).isEqualTo(Integer.parseInt(here.get("PORT")));
            Result healthy = run(probe, here);
            assertThat(healthy.status()).as(healthy.output()).isZero();
            assertThat(portal.terminate()).isZero();
        }
        Result gone = run(probe, here);
        assertThat(gone.status()).as(gone.output()).isEqualTo(1);
        assertThat(gone.output()).startsWith("health: ");
    }

    private record Result(int status, String output) {}

    private static Result run(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(DOCKERFILE.getParent().toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), output);
    }

    /** From .tools/bin, where scripts/install-tools puts the pinned versions; missing, the test says how to get it. */
    private static String tool(String name) {
        Path tool = REPO.resolve(".tools/bin").resolve(name);
        assertThat(Files.isExecutable(tool)).as("%s is missing: run scripts/install-tools, which installs it", tool)
                .isTrue();
        return tool.toString();
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<String> replace(List<String> words, String from, String to) {
        List<String> out = new ArrayList<>();
        words.forEach(w -> out.add(w.equals(from) ? to : w));
        assertThat(out).as("%s names %s", words, from).contains(to);
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rustkit.verifier.support.Command;
import dev.rustkit.verifier.support.Dockerfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real OCI image of a generated service, committed by buildah from the root {@link ImageRoot} assembled and the
 * final stage's USER, ENV, EXPOSE, LABEL, HEALTHCHECK and ENTRYPOINT, then run with {@code buildah run
 * --isolation chroot}. Its storage lives under the work directory (vfs driver), never in the machine's.
 */
final class BuildahImage implements AutoCloseable {
    private static final AtomicInteger COMMITS = new AtomicInteger();

    private final Path storage;
    private final String name;
    private final List<String> containers = new ArrayList<>();

    private BuildahImage(Path storage, String name) {
        this.storage = storage;
        this.name = name;
    }

    static BuildahImage commit(Dockerfile.Stage image, Path root, Path storage, String name) {
        // A tag of its own per commit: classes running side by side may commit images of the same project.
        BuildahImage built = new BuildahImage(storage, "localhost/rustkit-" + name.toLowerCase() + ":test-"
                + COMMITS.incrementAndGet());
        String container = built.newContainer("scratch");
        built.buildah("copy", container, root + "/", "/").runOrFail();
        List<String> config = new ArrayList<>(List.of("config"));
        image.last("USER").ifPresent(user -> config.addAll(List.of("--user", user.arguments().get(0))));
        for (Dockerfile.Instruction env : image.all("ENV")) {
            env.keyValues().forEach(pair -> config.addAll(List.of("--env", pair.key() + "=" + pair.value())));
        }
        for (Dockerfile.Instruction expose : image.all("EXPOSE")) {
            expose.arguments().forEach(port -> config.addAll(List.of("--port", port)));
        }
        for (Dockerfile.Instruction label : image.all("LABEL")) {
            label.keyValues().forEach(pair -> config.addAll(List.of("--label", pair.key() + "=" + pair.value())));
        }
        image.last("HEALTHCHECK").ifPresent(healthcheck -> {
            // Docker stores HEALTHCHECK CMD ["a", "b"] as the list CMD, a, b; buildah splits its argument on spaces
            // (no JSON), which gives that same list for arguments without spaces.
            List<String> command = healthcheck.execForm();
            assertThat(command).as("healthcheck arguments without spaces").noneMatch(word -> word.contains(" "));
            config.addAll(List.of("--healthcheck", "CMD " + String.join(" ", command)));
            for (String flag : List.of("interval", "timeout", "start-period", "retries")) {
                healthcheck.flag(flag).ifPresent(value -> config.addAll(List.of("--healthcheck-" + flag, value)));
            }
        });
        // buildah takes a JSON array as the exec form and anything else as a command line for /bin/sh, which these
        // images do not have. (A JsonNode's toString() is its JSON.)
        image.last("ENTRYPOINT").ifPresent(entrypoint -> config.addAll(List.of("--entrypoint",
                new ObjectMapper().valueToTree(entrypoint.execForm()).toString())));
        config.add(container);
        built.buildah(config.toArray(String[]::new)).runOrFail();
        // Docker format: the OCI image config has no place for HEALTHCHECK.
        built.buildah("commit", "--quiet", "--format", "docker", container, built.name).runOrFail();
        return built;
    }

    /** A field of the committed image's configuration, through buildah's Go template. */
    String inspect(String template) {
        return buildah("inspect", "--type", "image", "--format", template, name).runOrFail().output().strip();
    }

    /** The image size as buildah reports it (for example "3.53 MB"). */
    String size() {
        return buildah("images", "--format", "{{.Size}}", name).runOrFail().output().strip();
    }

    /** Starts {@code command} in a new container of this image, as the image's user, like `docker run`. */
    Process run(String user, List<String> command, Map<String, String> environment) {
        String container = newContainer(name);
        List<String> argv = new ArrayList<>(buildahArgv("run", "--isolation", "chroot", "--user", user));
        environment.forEach((key, value) -> argv.addAll(List.of("--env", key + "=" + value)));
        argv.add(container);
        argv.add("--");
        argv.addAll(command);
        try {
            return new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (String container : containers) {
            buildah("rm", container).run();
        }
        buildah("rmi", "--force", name).run();
    }

    private String newContainer(String from) {
        String container = buildah("from", "--quiet", from).runOrFail().output().strip();
        assertThat(container).isNotBlank();
        containers.add(container);
        return container;
    }

    private Command buildah(String... arguments) {
        return Command.of(buildahArgv(arguments));
    }

    private List<String> buildahArgv(String... arguments) {
        List<String> argv = new ArrayList<>(List.of("buildah", "--storage-driver", "vfs",
                "--root", storage.resolve("root").toString(), "--runroot", storage.resolve("run").toString()));
        argv.addAll(List.of(arguments));
        return argv;
    }
}

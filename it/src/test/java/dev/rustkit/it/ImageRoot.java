package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Builds, in a plain directory, the file system a generated Dockerfile's final stage describes — and nothing else —
 * so the service can run in it as it would in the image. There is no Docker engine here, so the build stages'
 * outputs are mapped to what the test produced locally: the builder's binary to our static build, and a rootfs
 * stage to its own RUN commands replayed into the root.
 */
final class ImageRoot {
    static final Path HOST_CA_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");

    /** distroless/static, as far as a static service relies on it: the nonroot user, CA certificates, /tmp. */
    static final String DISTROLESS_STATIC = "gcr.io/distroless/static-debian13:nonroot";

    static void assemble(Dockerfile dockerfile, GeneratedProject project, Path binary, Path root) {
        Dockerfile.Stage image = dockerfile.finalStage();
        switch (image.base()) {
            case "scratch" -> { }
            case DISTROLESS_STATIC -> distrolessStandIn(root);
            default -> throw new AssertionError("The test has no stand-in for base image " + image.base());
        }
        for (Dockerfile.Instruction copy : image.all("COPY")) {
            List<String> arguments = copy.arguments();
            String destination = arguments.get(arguments.size() - 1);
            String from = copy.flag("from").orElseThrow(() ->
                    new AssertionError("every final-stage COPY comes from a build stage: " + copy));
            Dockerfile.Stage stage = dockerfile.stage(from)
                    .orElseThrow(() -> new AssertionError("COPY --from=" + from + " names no stage"));
            for (String source : arguments.subList(0, arguments.size() - 1)) {
                if (source.endsWith("/" + project.name())) {
                    place(binary, root.resolve(relative(destination)), "rwxr-xr-x");
                } else if (source.equals("/rootfs/")) {
                    replayRootfs(stage, root);
                } else {
                    throw new AssertionError("The test cannot reproduce COPY --from=" + from + " " + source
                            + ": teach ImageRoot what that source is.");
                }
            }
        }
    }

    /**
     * Replays a rootfs stage: its RUN commands assemble a tree under /rootfs from plain shell tools and the base
     * image's CA bundle. They run here for real, with /rootfs pointing at the image root (and this machine's CA
     * bundle standing in for the base image's), so what the Dockerfile says is what the root holds.
     */
    private static void replayRootfs(Dockerfile.Stage stage, Path root) {
        assertThat(stage.all("COPY")).as("rootfs stage copies nothing in: everything comes from its RUN").isEmpty();
        for (Dockerfile.Instruction run : stage.all("RUN")) {
            String command = run.shellScript();
            assertThat(command).as("rootfs RUN writes only under /rootfs").doesNotContain("> /etc", ">/etc");
            Command.of("sh", "-euc", command.replace("/rootfs", root.toString())).runOrFail();
        }
    }

    /**
     * What distroless/static provides that these services rely on, and nothing else: the nonroot user (65532) and
     * its group, which the image's numeric USER names; the CA bundle, for outbound TLS; and a sticky world-writable
     * /tmp, Rocket's default temp_dir. distroless has more (root and nobody entries, tzdata, /home/nonroot), which
     * the services do not use: left out, so that the runs here show what a service needs from the base.
     */
    private static void distrolessStandIn(Path root) {
        try {
            Path etc = Files.createDirectories(root.resolve("etc"));
            Files.writeString(etc.resolve("passwd"), "nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n");
            Files.writeString(etc.resolve("group"), "nonroot:x:65532:\n");
            makeTmp(root);
            place(HOST_CA_BUNDLE, root.resolve("etc/ssl/certs/ca-certificates.crt"), "rw-r--r--");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void makeTmp(Path root) throws IOException {
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        // Java cannot set the sticky bit; chmod can.
        Command.of("chmod", "1777", tmp.toString()).runOrFail();
    }

    private static void place(Path source, Path target, String permissions) {
        try {
            Files.createDirectories(target.getParent());
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(permissions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String relative(String absolute) {
        return absolute.replaceFirst("^/+", "");
    }

    private ImageRoot() {}
}

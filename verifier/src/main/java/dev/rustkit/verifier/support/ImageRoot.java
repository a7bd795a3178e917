package dev.rustkit.verifier.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds, in a plain directory, the file system a generated Dockerfile's final stage describes — and nothing else —
 * so the service can run in it as it would in the image. There is no Docker engine here, so the build stages'
 * outputs are mapped to what the test produced locally: the builder's binary to our static build, and a rootfs
 * stage to its own RUN commands replayed into the root.
 */
public final class ImageRoot {
    public static final Path HOST_CA_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");

    /** Debian's busybox-static: the stand-in for the shell of alpine, busybox and distroless' debug images. */
    public static final Path HOST_BUSYBOX = Path.of("/bin/busybox");

    /** distroless/static, as far as a static service relies on it: the nonroot user, CA certificates, /tmp. */
    public static final String DISTROLESS_STATIC = "gcr.io/distroless/static-debian13:nonroot";

    /** The shell each base image with one provides, by base: what the stand-in root must hold. */
    /** The bases whose C library is glibc: the binary for them is the dynamic gnu build. */
    public static final List<String> GLIBC_BASES = List.of("gcr.io/distroless/cc-debian12:nonroot",
            "gcr.io/distroless/cc-debian12:debug-nonroot", "debian:12.12-slim");

    /** Every base image with a stand-in here, beside scratch. */
    public static final List<String> KNOWN_BASES = List.of(DISTROLESS_STATIC,
            "gcr.io/distroless/static-debian13:debug-nonroot", "gcr.io/distroless/cc-debian12:nonroot",
            "gcr.io/distroless/cc-debian12:debug-nonroot", "busybox:1.37.0-musl", "alpine:3.22", "debian:12.12-slim");

    public static boolean providesGlibc(String base) {
        return GLIBC_BASES.contains(base);
    }

    /** The final stage uses something this machine has no stand-in for: the run check cannot be made here. */
    public static final class NoStandInException extends RuntimeException {
        NoStandInException(String message) {
            super(message);
        }
    }

    public static final Map<String, String> SHELLS = Map.of(
            "gcr.io/distroless/static-debian13:debug-nonroot", "/busybox/sh",
            "gcr.io/distroless/cc-debian12:debug-nonroot", "/busybox/sh",
            "busybox:1.37.0-musl", "/bin/sh",
            "alpine:3.22", "/bin/sh",
            "debian:12.12-slim", "/bin/sh");

    public static void assemble(Dockerfile dockerfile, String binaryName, Path binary, Path root) {
        assemble(dockerfile, dockerfile.finalStage(), binaryName, binary, root);
    }

    /**
     * The root {@code stage} describes. Base images are stand-ins built from this machine (Debian 12, the glibc of
     * distroless/cc-debian12 and debian:12-slim): for glibc bases exactly the shared libraries {@code ldd} lists for
     * the binary; for shells Debian's busybox-static; CA certificates from Debian's ca-certificates.
     */
    public static void assemble(Dockerfile dockerfile, Dockerfile.Stage image, String binaryName, Path binary,
            Path root) {
        try {
            switch (image.base()) {
                case "scratch" -> { }
                case DISTROLESS_STATIC -> distrolessStandIn(root);
                case "gcr.io/distroless/static-debian13:debug-nonroot" -> {
                    distrolessStandIn(root);
                    busybox(root, "/busybox");
                }
                case "gcr.io/distroless/cc-debian12:nonroot" -> {
                    distrolessStandIn(root);
                    sharedLibraries(binary, root);
                }
                case "gcr.io/distroless/cc-debian12:debug-nonroot" -> {
                    distrolessStandIn(root);
                    sharedLibraries(binary, root);
                    busybox(root, "/busybox");
                }
                case "busybox:1.37.0-musl", "alpine:3.22" -> {
                    // busybox and alpine: a root user, busybox as /bin/sh, /tmp; alpine also its CA bundle.
                    baseSystem(root);
                    busybox(root, "/bin");
                    if (image.base().startsWith("alpine")) {
                        place(HOST_CA_BUNDLE, root.resolve("etc/ssl/certs/ca-certificates.crt"), "rw-r--r--");
                    }
                }
                case "debian:12.12-slim" -> {
                    // bookworm-slim: glibc and libgcc_s (here: exactly what the binary needs), a shell, /tmp.
                    baseSystem(root);
                    sharedLibraries(binary, root);
                    busybox(root, "/bin");
                }
                default -> throw new NoStandInException("there is no stand-in for base image " + image.base()
                        + " (known: scratch, " + String.join(", ", KNOWN_BASES) + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Dockerfile.Instruction run : image.all("RUN")) {
            replayKnownRun(run.shellScript(), root);
        }
        for (Dockerfile.Instruction copy : image.all("COPY")) {
            List<String> arguments = copy.arguments();
            String destination = arguments.get(arguments.size() - 1);
            String from = copy.flag("from").orElseThrow(() ->
                    new AssertionError("every runtime-stage COPY comes from a build stage: " + copy));
            Dockerfile.Stage stage = dockerfile.stage(from)
                    .orElseThrow(() -> new AssertionError("COPY --from=" + from + " names no stage"));
            for (String source : arguments.subList(0, arguments.size() - 1)) {
                if (source.endsWith("/" + binaryName)) {
                    place(binary, root.resolve(relative(destination)), "rwxr-xr-x");
                } else if (source.equals("/rootfs/")) {
                    replayRootfs(stage, root);
                } else {
                    throw new NoStandInException("cannot reproduce COPY --from=" + from + " " + source
                            + ": only the binary and a rootfs stage's /rootfs/ are known sources");
                }
            }
        }
    }

    // The runtime stages' own RUNs use the base's package manager and user tools, which this machine does not have
    // for alpine. Their effect is applied instead, and only for commands the test knows: the numeric user they
    // create (parsed from the command, so USER must name it) and, for apt's ca-certificates, Debian's CA bundle.
    private static final Pattern ALPINE_USER = Pattern.compile(
            "addgroup -S -g (\\d+) (\\w+) && adduser -S -D -H -u (\\d+) -G \\2 -s /sbin/nologin (\\w+)");
    private static final Pattern DEBIAN_USER = Pattern.compile(
            "groupadd --gid (\\d+) (\\w+) && useradd --uid (\\d+) --gid \\1 --no-create-home --home-dir"
                    + " /nonexistent --shell /usr/sbin/nologin (\\w+)");
    private static final String APT_CA = "apt-get update && apt-get install -y --no-install-recommends"
            + " ca-certificates && rm -rf /var/lib/apt/lists/* && ";

    private static void replayKnownRun(String command, Path root) {
        String script = command.replace("\\\n", " ").replaceAll("\\s+", " ").strip();
        Matcher user;
        if ((user = ALPINE_USER.matcher(script)).matches()) {
            addUser(root, user.group(4), user.group(3), user.group(2), user.group(1), "/sbin/nologin");
        } else if (script.startsWith(APT_CA) && (user = DEBIAN_USER.matcher(script.substring(APT_CA.length())))
                .matches()) {
            place(HOST_CA_BUNDLE, root.resolve("etc/ssl/certs/ca-certificates.crt"), "rw-r--r--");
            addUser(root, user.group(4), user.group(3), user.group(2), user.group(1), "/usr/sbin/nologin");
        } else {
            throw new NoStandInException("cannot reproduce this runtime-stage RUN (known: creating the numeric"
                    + " user, apt's ca-certificates):\n" + script);
        }
    }

    private static void addUser(Path root, String name, String uid, String group, String gid, String shell) {
        try {
            Path etc = Files.createDirectories(root.resolve("etc"));
            Files.writeString(etc.resolve("passwd"), name + ":x:" + uid + ":" + gid + ":" + name + ":/nonexistent:"
                    + shell + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Files.writeString(etc.resolve("group"), group + ":x:" + gid + ":\n", StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What every distribution base has and a service may touch: root's passwd/group entries and a sticky /tmp. */
    private static void baseSystem(Path root) throws IOException {
        Path etc = Files.createDirectories(root.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\n");
        makeTmp(root);
    }

    /** Debian's busybox-static as {@code directory}/busybox, with {@code sh} beside it. */
    private static void busybox(Path root, String directory) throws IOException {
        Path target = root.resolve(relative(directory)).resolve("busybox");
        place(HOST_BUSYBOX, target, "rwxr-xr-x");
        Files.createSymbolicLink(target.resolveSibling("sh"), Path.of("busybox"));
    }

    /**
     * Exactly the shared objects the dynamic loader resolves for {@code binary} here ({@code ldd}), at the paths it
     * finds them, plus the loader itself: what a glibc base provides to this binary, and nothing more.
     */
    public static List<Path> sharedLibraries(Path binary, Path root) {
        String ldd = Command.of("ldd", binary.toString()).runOrFail().output();
        List<Path> libraries = new ArrayList<>();
        for (String line : ldd.strip().split("\n")) {
            Matcher resolved = Pattern.compile("\\s*\\S+ => (/\\S+) \\(0x[0-9a-f]+\\)").matcher(line);
            Matcher loader = Pattern.compile("\\s*(/\\S+) \\(0x[0-9a-f]+\\)").matcher(line);
            if (resolved.matches()) {
                libraries.add(Path.of(resolved.group(1)));
            } else if (loader.matches()) {
                libraries.add(Path.of(loader.group(1)));
            } else if (!line.strip().startsWith("linux-vdso.so")) {
                throw new AssertionError("ldd line the test does not understand: " + line);
            }
        }
        for (Path library : libraries) {
            place(library, root.resolve(relative(library.toString())), "rwxr-xr-x");
        }
        return libraries;
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

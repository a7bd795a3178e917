package dev.rustkit.verifier.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A process started the way a container runtime starts an image's entrypoint: PID 1 of a new PID namespace
 * ({@code unshare -pf --mount-proc}), inside a root directory holding only the image's files ({@code chroot}),
 * mounted read-only, as the image's numeric USER, with nothing in its environment but what is passed. Like a real PID 1 it gets no
 * default signal handling from the kernel: SIGTERM does something only if the program handles it.
 */
public final class ContainerRun implements AutoCloseable {
    private final Process unshare;
    private final Path log;

    private ContainerRun(Process unshare, Path log) {
        this.unshare = unshare;
        this.log = log;
    }

    public static ContainerRun start(Path root, String user, List<String> entrypoint, Map<String, String> environment) {
        // Inside the new mount namespace the root is bind-mounted onto itself read-only, as with
        // `docker run --read-only`: the service must not need to write anywhere. Programs by absolute path: the
        // environment is emptied, so there is no PATH to find them by.
        String readOnlyRoot = "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" && exec \"$@\"";
        List<String> argv = new ArrayList<>(List.of("unshare", "--pid", "--fork", "--mount-proc",
                Executables.find("sh").toString(), "-c", readOnlyRoot.replace("mount ",
                        Executables.find("mount") + " "), root.toString(),
                Executables.find("chroot").toString(), "--userspec=" + user, root.toString()));
        argv.addAll(entrypoint);
        try {
            Path log = Files.createTempFile("rustkit-service", ".log");
            ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            return new ContainerRun(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a one-off command in the same root as the same user (like {@code docker exec}), returning it. */
    public static Command exec(Path root, String user, List<String> command, Map<String, String> environment) {
        List<String> argv = new ArrayList<>(List.of("chroot", "--userspec=" + user, root.toString()));
        argv.addAll(command);
        return Command.of(argv).env(environment).timeout(Duration.ofSeconds(30));
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The service itself: the child unshare forked, PID 1 inside its namespace. */
    public ProcessHandle service() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> child = unshare.toHandle().children().findFirst();
            if (child.isPresent()) {
                return child.get();
            }
            sleep(20);
        }
        throw new IllegalStateException("unshare started no child process. Output:\n" + output());
    }

    /** The numeric user the service runs as, read from /proc. */
    public String serviceUidAndGid() {
        return uidAndGid(service().pid());
    }

    /** A process's real uid:gid, read from /proc. */
    public static String uidAndGid(long pid) {
        try {
            List<String> status = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            return field(status, "Uid:") + ":" + field(status, "Gid:");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String field(List<String> status, String name) {
        return status.stream().filter(line -> line.startsWith(name)).findFirst()
                .map(line -> line.substring(name.length()).strip().split("\\s+")[0])
                .orElseThrow();
    }

    /** Sends SIGTERM to the service, by its process id, as {@code docker stop} does. */
    public void sigterm() {
        service().destroy();
    }

    /** The service's exit code, or empty if it has not exited within {@code timeout}. */
    public Optional<Integer> awaitExit(Duration timeout) {
        try {
            // unshare --fork waits for its child and exits with the child's status.
            return unshare.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    ? Optional.of(unshare.exitValue())
                    : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    public boolean isAlive() {
        return unshare.isAlive();
    }

    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (unshare.isAlive()) {
            unshare.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            unshare.destroyForcibly();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // A leftover temp file is harmless.
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

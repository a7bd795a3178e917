package dev.rustkit.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The built jar started once for a test class ({@code @RegisterExtension static final}), with the given options on
 * top of a free port on 127.0.0.1; after the class, SIGTERM, and the exit status must be 0 (the graceful stop).
 */
final class RunningPortal implements BeforeAllCallback, AfterAllCallback {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String[] options;
    private PortalProcess process;

    RunningPortal(String... options) {
        this.options = options.clone();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        process = PortalProcess.start(options);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        assertThat(process.terminate()).as("exit status after SIGTERM").isZero();
    }

    /** {@code http://127.0.0.1:<port>/}. */
    URI base() {
        return process.base();
    }

    PortalProcess process() {
        return process;
    }

    /**
     * A GET of each path, all sent at the same moment: one caller thread each from {@code pool} (the callers block in
     * send; the client's own work runs on its default executor), released together. The answers, in order.
     */
    List<Future<HttpResponse<byte[]>>> getAllAtOnce(ExecutorService pool, List<String> paths) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<byte[]>>> answers = new ArrayList<>();
        for (String path : paths) {
            answers.add(pool.submit(() -> {
                go.await();
                return HTTP.send(HttpRequest.newBuilder(base().resolve(path)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
            }));
        }
        go.countDown();
        return answers;
    }
}

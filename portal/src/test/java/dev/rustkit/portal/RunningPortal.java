package dev.rustkit.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The built jar started once for a test class ({@code @RegisterExtension static final}), with the given options on
 * top of a free port on 127.0.0.1; after the class, SIGTERM, and the exit status must be 0 (the graceful stop).
 */
final class RunningPortal implements BeforeAllCallback, AfterAllCallback {
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
}

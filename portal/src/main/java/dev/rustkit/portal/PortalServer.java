package dev.rustkit.portal;

import dev.rustkit.scaffolder.Scaffolder;
import java.io.PrintStream;
import java.time.Duration;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The portal on Jetty: one HTTP/1.1 connector, the {@link Portal} handler behind a {@link GracefulHandler} (on stop,
 * requests in flight finish, new connections are refused) and a {@link GenerationQueue} (generations in flight bounded,
 * the rest waiting in order), an access log line per request on stdout.
 */
final class PortalServer {
    /** Room for a full query string ({@link Portal#MAX_QUERY_BYTES}) and ordinary headers; the portal's 414 answers first. */
    private static final int REQUEST_HEADER_BYTES = 16 * 1024;
    /** method, path, status, body bytes, duration: one line per request. */
    static final String ACCESS_LOG_FORMAT = "%{yyyy-MM-dd'T'HH:mm:ss.SSS'Z'|UTC}t %m %U %s %O %{ms}Tms";

    private final Server server;
    private final ServerConnector connector;
    private final Portal portal;

    private PortalServer(Server server, ServerConnector connector, Portal portal) {
        this.server = server;
        this.connector = connector;
        this.portal = portal;
    }

    /**
     * Starts serving {@code engine}'s archetypes.
     *
     * @param host the address to bind, e.g. {@code 0.0.0.0}
     * @param port the port, 0 for any free one ({@link #port} tells which)
     * @param stopTimeout how long {@link #stop} waits for requests in flight
     * @param maxGenerations how many projects may be generated at once (see {@link GenerationQueue})
     * @param maxQueued how many generation requests may wait for their turn; more are answered 503
     * @param maxWait how long one may wait; then it is answered 503
     * @param accessLog where the access log goes
     */
    static PortalServer start(Scaffolder engine, String host, int port, Duration stopTimeout, int maxGenerations,
            int maxQueued, Duration maxWait, PrintStream accessLog) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("portal");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(REQUEST_HEADER_BYTES);
        // Behind an ingress, the help's examples show the address clients use.
        http.addCustomizer(new ForwardedRequestCustomizer());
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        Portal portal = new Portal(engine);
        server.setHandler(new GracefulHandler(new GenerationQueue(portal, maxGenerations, maxQueued, maxWait)));
        server.setErrorHandler(new ProblemErrorHandler());
        server.setRequestLog(new CustomRequestLog(line -> {
            synchronized (accessLog) {
                accessLog.println(line);
                accessLog.flush();
            }
        }, ACCESS_LOG_FORMAT));
        server.setStopTimeout(stopTimeout.toMillis());
        server.setStopAtShutdown(false); // Main stops it on SIGTERM, then exits 0
        server.start();
        return new PortalServer(server, connector, portal);
    }

    int port() {
        return connector.getLocalPort();
    }

    /** Stops gracefully: /ready turns 503, new connections are refused, requests in flight finish (up to the timeout). */
    void stop() throws Exception {
        portal.stopping();
        server.stop();
    }

    void join() throws InterruptedException {
        server.join();
    }
}

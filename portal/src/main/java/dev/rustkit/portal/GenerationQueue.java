package dev.rustkit.portal;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's {@link QoSHandler} in front of the routes that generate a project ({@code /starter.zip}, {@code /starter.tgz},
 * {@code /preview}): at most {@code maxConcurrent} generate at once, the rest wait in arrival order (suspended, holding
 * no thread), and beyond {@code maxQueued} waiting, or after {@code maxWait} in the queue, a request is answered 503
 * with {@code Retry-After}. Generation is CPU-bound: with more in flight than cores, requests only time-share the
 * cores and all finish late; in order, each finishes as soon as the ones before it have. The other routes (health,
 * readiness, metadata, the page) pass straight through, never behind a generation.
 */
final class GenerationQueue extends QoSHandler {
    static final List<String> PATHS = List.of("/starter.zip", "/starter.tgz", "/preview");
    static final String RETRY_AFTER_SECONDS = "1";

    GenerationQueue(Handler portal, int maxConcurrent, int maxQueued, Duration maxWait) {
        super(portal);
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("not a valid number of concurrent generations: " + maxConcurrent);
        }
        if (maxQueued < 0) {
            throw new IllegalArgumentException("not a valid queue length: " + maxQueued);
        }
        setMaxRequestCount(maxConcurrent);
        setMaxSuspendedRequestCount(maxQueued);
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("not a valid longest wait: " + maxWait);
        }
        setMaxSuspend(maxWait);
        setRejectStatusCode(HttpStatus.SERVICE_UNAVAILABLE_503);
        includePath(PATHS.toArray(String[]::new));
    }

    /** The queue is full: a problem document saying so, and when to try again. */
    @Override
    protected void reject(Request request, Response response, Callback callback, int status) {
        int generating = getMaxRequestCount();
        int waiting = getMaxSuspendedRequestCount();
        unavailable(request, response, callback, status, "The portal is generating " + generating
                + (generating == 1 ? " project and " : " projects and ") + waiting
                + (waiting == 1 ? " more is" : " more are") + " waiting; retry in " + RETRY_AFTER_SECONDS + " s.");
    }

    /** Waited the longest it may without its turn coming. */
    @Override
    protected void failSuspended(Request request, Response response, Callback callback, int status, Throwable failure) {
        int slots = getMaxRequestCount();
        unavailable(request, response, callback, status, "The request waited " + waited(getMaxSuspend()) + " for "
                + (slots == 1 ? "the portal's only generation slot" : "one of the portal's " + slots + " generation slots")
                + "; retry in " + RETRY_AFTER_SECONDS + " s.");
    }

    private static String waited(Duration wait) {
        return wait.toMillis() % 1000 == 0 ? wait.toSeconds() + " s" : wait.toMillis() + " ms";
    }

    private static void unavailable(Request request, Response response, Callback callback, int status, String detail) {
        if (response.isCommitted()) {
            callback.failed(new IllegalStateException("rejected after the response was committed: " + detail));
            return;
        }
        byte[] body = ProblemDocument.of(status, detail, List.of(), Request.getPathInContext(request));
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_SECONDS);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemDocument.MEDIA_TYPE);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}

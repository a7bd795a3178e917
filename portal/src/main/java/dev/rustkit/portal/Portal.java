package dev.rustkit.portal;

import dev.rustkit.scaffolder.Scaffolder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portal's HTTP API: every route in {@link #routes}, each a small function; refusals are thrown as
 * {@link ProblemException} and answered in one place, {@link #handle}. A response is made whole (archives included)
 * before its first byte is written, so a failure never leaves a partial download.
 */
final class Portal extends Handler.Abstract {
    /** The most a query string may hold (bytes as sent, percent-encoded); more is answered with 414. */
    static final int MAX_QUERY_BYTES = 8192;
    /** The most a form body may hold; more is answered with 413. */
    static final int MAX_FORM_BYTES = 8192;
    private static final int MAX_FORM_FIELDS = 256;
    static final String FORM_TYPE = "application/x-www-form-urlencoded";

    /** The page runs only the jar's own script and styles; nothing inline, nothing from elsewhere, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    private static final List<HttpField> SECURITY_HEADERS = List.of(
            new PreEncodedHttpField("Content-Security-Policy", CONTENT_SECURITY_POLICY),
            new PreEncodedHttpField("X-Content-Type-Options", "nosniff"),
            new PreEncodedHttpField("X-Frame-Options", "DENY"),
            new PreEncodedHttpField("Referrer-Policy", "no-referrer"));
    private static final String CACHE_METADATA = "public, max-age=300";
    private static final String CACHE_REVALIDATE = "no-cache";
    private static final String CACHE_NONE = "no-store";
    private static final Set<String> GET = Set.of("GET", "HEAD");
    private static final Set<String> GET_POST = Set.of("GET", "HEAD", "POST");
    private static final Logger LOG = LoggerFactory.getLogger(Portal.class);

    private final Catalog catalog;
    private final TextHelp help;
    private final Page page;
    private final AtomicBoolean ready = new AtomicBoolean(true);
    private final Map<String, Route> routes;

    @FunctionalInterface
    private interface Action {
        void run(Request request, Response response, Callback callback) throws Exception;
    }

    private record Route(Set<String> methods, Action action) {}

    Portal(Scaffolder engine) {
        this.catalog = new Catalog(engine);
        this.help = new TextHelp(engine.archetypes());
        this.page = new Page(engine.archetypes());
        this.routes = Map.of(
                "/", new Route(GET, this::home),
                "/metadata", new Route(GET, (rq, rs, cb) -> sendCached(rq, rs, cb, catalog.metadata(), CACHE_METADATA)),
                "/metadata/{archetype}/schema", new Route(GET, this::schema),
                "/starter.zip", new Route(GET_POST, (rq, rs, cb) -> archive(rq, rs, cb, false)),
                "/starter.tgz", new Route(GET_POST, (rq, rs, cb) -> archive(rq, rs, cb, true)),
                "/preview", new Route(GET, this::preview),
                "/assets/{name}", new Route(GET, this::asset),
                "/health", new Route(GET, (rq, rs, cb) -> status(rs, cb, HttpStatus.OK_200, "ok")),
                "/ready", new Route(GET, (rq, rs, cb) -> status(rs, cb,
                        ready.get() ? HttpStatus.OK_200 : HttpStatus.SERVICE_UNAVAILABLE_503,
                        ready.get() ? "ready" : "stopping")));
    }

    /** From now on {@code /ready} answers 503: the portal is stopping. */
    void stopping() {
        ready.set(false);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        HttpFields.Mutable headers = response.getHeaders();
        SECURITY_HEADERS.forEach(headers::put);
        String path = Request.getPathInContext(request);
        try {
            Route route = routes.get(template(path));
            if (route == null) {
                throw new ProblemException(HttpStatus.NOT_FOUND_404, "Nothing at " + path + "; GET / lists the API.");
            }
            if (!route.methods().contains(request.getMethod())) {
                String allow = route.methods().contains("POST") ? "GET, HEAD, POST" : "GET, HEAD";
                headers.put(HttpHeader.ALLOW, allow);
                throw new ProblemException(HttpStatus.METHOD_NOT_ALLOWED_405,
                        request.getMethod() + " is not allowed on " + path + "; allowed: " + allow + ".");
            }
            route.action().run(request, response, callback);
        } catch (ProblemException e) {
            sendProblem(response, callback, e.status(), e.getMessage(), e, path);
        } catch (Throwable e) {
            HttpException http = httpException(e);
            if (http != null && http.getCode() < 500) {
                sendProblem(response, callback, http.getCode(), http.getReason(), null, path);
            } else {
                // The client learns only that it failed; the log gets the whole story.
                LOG.error("{} {} failed", request.getMethod(), path, e);
                sendProblem(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500,
                        "The portal failed to answer; the failure is in its log.", null, path);
            }
        }
        return true;
    }

    /** The route a path belongs to: itself, or the template of a path with a variable. */
    private static String template(String path) {
        if (path.startsWith("/metadata/") && path.endsWith("/schema")
                && path.indexOf('/', "/metadata/".length()) == path.length() - "/schema".length()) {
            return "/metadata/{archetype}/schema";
        }
        if (path.startsWith("/assets/") && path.indexOf('/', "/assets/".length()) < 0) {
            return "/assets/{name}";
        }
        return path;
    }

    /** {@code GET /}: the page for browsers, the text help for curl, HTTPie and wget (or text/plain), JSON on request. */
    private void home(Request request, Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.VARY, "Accept, User-Agent");
        switch (Negotiation.of(request.getHeaders())) {
            case PAGE -> sendCached(request, response, callback, page.index(), CACHE_REVALIDATE);
            case JSON -> sendCached(request, response, callback, catalog.metadata(), CACHE_METADATA);
            case TEXT -> {
                response.getHeaders().put(HttpHeader.CACHE_CONTROL, CACHE_REVALIDATE);
                send(response, callback, HttpStatus.OK_200, "text/plain; charset=utf-8",
                        help.render(base(request)).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private void schema(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String id = path.substring("/metadata/".length(), path.length() - "/schema".length());
        Representation schema = catalog.schema(id).orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND_404,
                "No archetype \"" + id + "\" here. Known archetypes: " + catalog.knownArchetypes() + "."));
        sendCached(request, response, callback, schema, CACHE_METADATA);
    }

    private void asset(Request request, Response response, Callback callback) {
        String name = Request.getPathInContext(request).substring("/assets/".length());
        Representation asset = page.asset(name).orElseThrow(() ->
                new ProblemException(HttpStatus.NOT_FOUND_404, "No asset " + name + "."));
        sendCached(request, response, callback, asset, CACHE_REVALIDATE);
    }

    private void archive(Request request, Response response, Callback callback, boolean tgz) throws Exception {
        Starter starter = Starter.generate(catalog.engine(), parameters(request));
        byte[] body = tgz ? Archives.tgz(starter.tree(), starter.baseDir()) : Archives.zip(starter.tree(), starter.baseDir());
        response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION,
                "attachment; filename=\"" + starter.artifactId() + (tgz ? ".tgz" : ".zip") + "\"");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, CACHE_NONE);
        send(response, callback, HttpStatus.OK_200, tgz ? "application/gzip" : "application/zip", body);
    }

    private void preview(Request request, Response response, Callback callback) throws Exception {
        Starter starter = Starter.generate(catalog.engine(), parameters(request));
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, CACHE_NONE);
        send(response, callback, HttpStatus.OK_200, Catalog.JSON_TYPE, Catalog.preview(starter));
    }

    private static void status(Response response, Callback callback, int status, String text) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, CACHE_NONE);
        send(response, callback, status, Catalog.JSON_TYPE,
                ("{\"status\":\"" + text + "\"}\n").getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The request's parameters: the query string, and for a POST the form body as well; a name given twice (in
     * either, or in both) is a problem {@link Starter} reports.
     */
    private static Fields parameters(Request request) throws Exception {
        String query = request.getHttpURI().getQuery();
        if (query != null && query.length() > MAX_QUERY_BYTES) {
            throw new ProblemException(HttpStatus.URI_TOO_LONG_414, "The query string is " + query.length()
                    + " bytes long; at most " + MAX_QUERY_BYTES + " are allowed.");
        }
        Fields fields = new Fields(true);
        Request.extractQueryParameters(request, StandardCharsets.UTF_8).forEach(fields::add);
        if (HttpMethod.POST.is(request.getMethod())) {
            String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            boolean form = type != null && type.toLowerCase(Locale.ROOT).split(";", 2)[0].trim().equals(FORM_TYPE);
            if (!form && (type != null || request.getLength() > 0)) {
                throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE_415, "A POST body must be a form, "
                        + FORM_TYPE + " (what an HTML form and curl -d send); this one is " + type + ".");
            }
            if (request.getLength() > MAX_FORM_BYTES) {
                throw tooLarge(request.getLength() + " bytes");
            }
            if (form) {
                try {
                    FormFields.getFields(request, MAX_FORM_FIELDS, MAX_FORM_BYTES).forEach(fields::add);
                } catch (IllegalStateException e) {
                    // A body of unannounced length that went past the limit (or past the field count).
                    throw tooLarge("more than " + MAX_FORM_BYTES + " bytes or " + MAX_FORM_FIELDS + " fields");
                }
            }
        }
        return fields;
    }

    private static ProblemException tooLarge(String size) {
        return new ProblemException(HttpStatus.PAYLOAD_TOO_LARGE_413, "The form body has " + size + "; at most "
                + MAX_FORM_BYTES + " bytes and " + MAX_FORM_FIELDS + " fields are allowed.");
    }

    /** The address the client used, for the help's examples (X-Forwarded-* and Forwarded are honoured). */
    private static String base(Request request) {
        HttpURI uri = request.getHttpURI();
        String scheme = uri.getScheme() != null ? uri.getScheme() : "http";
        int port = Request.getServerPort(request);
        boolean defaultPort = port <= 0 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        String host = Request.getServerName(request);
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }

    private static void sendCached(Request request, Response response, Callback callback, Representation body,
            String cacheControl) {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.ETAG, body.etag());
        headers.put(HttpHeader.CACHE_CONTROL, cacheControl);
        if (body.matches(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
            response.setStatus(HttpStatus.NOT_MODIFIED_304);
            response.write(true, null, callback);
            return;
        }
        send(response, callback, HttpStatus.OK_200, body.mediaType(), body.body());
    }

    private static void send(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static void sendProblem(Response response, Callback callback, int status, String detail,
            ProblemException problem, String path) {
        if (response.isCommitted()) {
            callback.failed(new IllegalStateException("failed after the response was committed: " + detail));
            return;
        }
        response.getHeaders().remove(HttpHeader.CONTENT_DISPOSITION);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, CACHE_NONE);
        send(response, callback, status, ProblemDocument.MEDIA_TYPE,
                ProblemDocument.of(status, detail, problem != null ? problem.problems() : List.of(), path));
    }

    private static HttpException httpException(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpException http) {
                return http;
            }
        }
        return null;
    }
}

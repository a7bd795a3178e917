package dev.rustkit.it;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rustkit.verifier.support.Command;
import dev.rustkit.verifier.support.Dockerfile;
import dev.rustkit.verifier.support.Executables;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * A private, authenticated sparse cargo registry on loopback: nginx serving an index and {@code .crate} files from a
 * work directory, refusing every request whose {@code Authorization} header is not exactly the token.
 *
 * <p>What cargo (1.95) does against it, verified: config.json says {@code "auth-required": true}; cargo's first
 * request for config.json carries no token and gets 401, then cargo asks its credential provider and repeats it with
 * {@code Authorization: <token>} (the configured string verbatim: no {@code Bearer} added); every index file and
 * download after that carries the header. The consumer must configure {@code credential-provider = "cargo:token"}
 * (see {@link #cargoConfig}), or cargo refuses with "authenticated registries require a credential-provider to be
 * configured" even when the token variable is set. Plain http is accepted, on loopback and elsewhere, without a
 * warning.
 *
 * <p>nginx runs in the foreground as one process ({@code master_process off}: no workers, so no privilege drop to
 * {@code nobody} and a single pid to stop). {@link #close()} stops it; a shutdown hook stops it if close never runs;
 * and {@link #start} first stops an nginx a killed JVM left behind on the same work directory (by the pid in its pid
 * file, after checking that process's command line names this work directory's config).
 */
final class PrivateRegistry implements AutoCloseable {
    /** How the index names crates.io for a dependency of a crate in another registry. */
    static final String CRATES_IO_INDEX = "https://github.com/rust-lang/crates.io-index";
    /** The BuildKit secret id under which image builds receive the registry token. */
    static final String BUILD_SECRET_ID = "cargo-registry-token";

    /** What a token may contain: enough for random tokens and "Bearer …"; nothing nginx's syntax treats specially. */
    private static final Pattern TOKEN =
            Pattern.compile("[A-Za-z0-9._~+/=:-]([A-Za-z0-9._~+/=: -]{0,1022}[A-Za-z0-9._~+/=:-])?");
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9/._+-]+");
    private static final Pattern REGISTRY_NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern CRATE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    /** A command line that runs cargo itself, by name or path (not xx-cargo, not a directory named cargo). */
    private static final Pattern RUNS_CARGO = Pattern.compile("(?:^|[\\s;&|(/])cargo\\s");
    private static final Duration STARTUP = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path workDir;
    private final String token;
    private final int port;
    private final Process nginx;
    private final Thread shutdownHook;

    private PrivateRegistry(Path workDir, String token, int port, Process nginx, Thread shutdownHook) {
        this.workDir = workDir;
        this.token = token;
        this.port = port;
        this.nginx = nginx;
        this.shutdownHook = shutdownHook;
    }

    /** What {@link #publish} put where. */
    record Published(String name, String version, String cksum, Path crateFile, String indexPath, String indexLine) {}

    /**
     * Starts nginx on a free loopback port serving the registry kept under {@code workDir} (created if missing;
     * crates published there before are served again). Returns once config.json answers 401 without the token and
     * 200 with it.
     */
    static PrivateRegistry start(Path workDir, String token) {
        if (!TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("Use a token of letters, digits, spaces inside and ._~+/=:- only: "
                    + "it is written into nginx's configuration");
        }
        Path dir = workDir.toAbsolutePath().normalize();
        if (!SAFE_PATH.matcher(dir.toString()).matches()) {
            throw new IllegalArgumentException("Use a work directory whose path nginx's configuration can hold unquoted"
                    + " (letters, digits, /._+-): " + dir);
        }
        try {
            for (String sub : List.of("www/index", "www/dl", "logs", "tmp", "cargo-home")) {
                Files.createDirectories(dir.resolve(sub));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stopLeftover(dir);
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            try {
                return launch(dir, token, port);
            } catch (IllegalStateException e) {
                // Another process may have taken the port between freePort() and nginx's bind.
                failure = e;
                if (!e.getMessage().contains("Address already in use")) {
                    throw e;
                }
            }
        }
        throw failure;
    }

    /** The token every request must carry as its whole {@code Authorization} header. */
    String token() {
        return token;
    }

    int port() {
        return port;
    }

    /**
     * The index as cargo's configuration declares it and Cargo.lock records it:
     * {@code sparse+http://127.0.0.1:PORT/index/}.
     */
    String indexUrl() {
        return "sparse+" + plainIndexUrl();
    }

    /** The index over plain HTTP, without cargo's {@code sparse+} prefix: {@code http://127.0.0.1:PORT/index/}. */
    String plainIndexUrl() {
        return "http://127.0.0.1:" + port + "/index/";
    }

    /** Where 401 answers tell cargo to send a user for a token ({@code WWW-Authenticate: Cargo login_url="…"}). */
    String loginUrl() {
        return "http://127.0.0.1:" + port + "/me";
    }

    /**
     * The token as cargo reads it from the environment: {@code CARGO_REGISTRIES_<NAME>_TOKEN}. Effective only with
     * {@code credential-provider = "cargo:token"} configured for the registry ({@link #cargoConfig} or
     * {@link #cargoConfigEnv}). This is what a BuildKit secret mount would provide.
     */
    Map<String, String> cargoEnv(String registryName) {
        return Map.of(envKey(registryName, "TOKEN"), token);
    }

    /** The {@code .cargo/config.toml} table declaring this registry as {@code registryName}; it holds no token. */
    String cargoConfig(String registryName) {
        checkRegistryName(registryName);
        return "[registries." + registryName + "]\n"
                + "index = \"" + indexUrl() + "\"\n"
                + "credential-provider = \"cargo:token\"\n";
    }

    /** {@link #cargoConfig} as variables ({@code _INDEX}, {@code _CREDENTIAL_PROVIDER}), for a project without it. */
    Map<String, String> cargoConfigEnv(String registryName) {
        return Map.of(envKey(registryName, "INDEX"), indexUrl(),
                envKey(registryName, "CREDENTIAL_PROVIDER"), "cargo:token");
    }

    /**
     * How a generated Dockerfile could build without the token of registry {@code registryName}, or let it into the
     * image; empty when it does neither. Every RUN that runs cargo in the builder stage (and in any stage built FROM
     * it) must mount the token as the BuildKit secret the workflow and README pass,
     * {@code type=secret,id=cargo-registry-token,env=CARGO_REGISTRIES_<NAME>_TOKEN,required=true} (required: a
     * build without {@code --secret} then stops at once, naming the secret, instead of failing in cargo); and no
     * ARG, ENV or LABEL, in any stage or before the first FROM, may name that variable or contain the word TOKEN:
     * their values stay in the image's configuration or history. Each problem names its line.
     */
    static List<String> tokenPathProblems(Dockerfile dockerfile, String registryName) {
        String variable = envKey(registryName, "TOKEN");
        Map<String, String> secret = Map.of("type", "secret", "id", BUILD_SECRET_ID, "env", variable,
                "required", "true");
        List<String> problems = new ArrayList<>();
        for (Dockerfile.KeyValue arg : dockerfile.metaArgs()) {
            if (mentionsToken(arg.key() + "=" + arg.value())) {
                problems.add("ARG " + arg.key() + " before the first FROM mentions the token");
            }
        }
        Set<String> builders = new TreeSet<>();
        int cargoRuns = 0;
        for (Dockerfile.Stage stage : dockerfile.stages()) {
            boolean builder = "builder".equals(stage.name())
                    || builders.contains(stage.base().toLowerCase(Locale.ROOT));
            if (builder && stage.name() != null) {
                builders.add(stage.name());
            }
            for (Dockerfile.Instruction instruction : stage.instructions()) {
                String where = instruction.keyword() + " on line " + instruction.line();
                switch (instruction.keyword()) {
                    case "ARG" -> instruction.arguments().stream().filter(PrivateRegistry::mentionsToken)
                            .forEach(arg -> problems.add(where + " mentions the token: " + arg));
                    case "ENV", "LABEL" -> instruction.keyValues().stream()
                            .filter(pair -> mentionsToken(pair.key() + "=" + pair.value()))
                            .forEach(pair -> problems.add(where + " mentions the token: " + pair.key()));
                    case "RUN" -> {
                        String command = instruction.script() != null ? instruction.script()
                                : String.join(" ", instruction.command());
                        if (builder && RUNS_CARGO.matcher(command).find()) {
                            cargoRuns++;
                            boolean mounted = instruction.flags().getOrDefault("mount", List.of()).stream()
                                    .map(PrivateRegistry::mountOptions)
                                    .anyMatch(options -> options.entrySet().containsAll(secret.entrySet()));
                            if (!mounted) {
                                problems.add(where + " runs cargo without --mount=type=secret,id=" + BUILD_SECRET_ID
                                        + ",env=" + variable + ",required=true: " + command);
                            }
                        }
                    }
                    default -> { }
                }
            }
        }
        if (cargoRuns == 0) {
            problems.add("no RUN in a builder stage runs cargo: nothing to check the secret mount on");
        }
        return problems;
    }

    private static boolean mentionsToken(String text) {
        return text.toUpperCase(Locale.ROOT).contains("TOKEN");
    }

    /** {@code type=secret,id=x,env=Y} as a map; BuildKit's mount options are comma-separated key=value pairs. */
    private static Map<String, String> mountOptions(String mount) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String option : mount.split(",")) {
            int equals = option.indexOf('=');
            options.put(equals < 0 ? option : option.substring(0, equals), equals < 0 ? "" : option.substring(equals + 1));
        }
        return options;
    }

    /** {@code CARGO_REGISTRIES_<NAME>_<suffix>}: the name uppercased, {@code -} turned into {@code _}. */
    static String envKey(String registryName, String suffix) {
        checkRegistryName(registryName);
        return "CARGO_REGISTRIES_" + registryName.toUpperCase(Locale.ROOT).replace('-', '_') + "_" + suffix;
    }

    /**
     * Packages the crate in {@code crateDir} with {@code cargo package --no-verify --allow-dirty} (target dir and
     * CARGO_HOME under the work directory), serves the {@code .crate} where config.json's {@code dl} points and
     * appends its entry to the sparse index. Dependencies work: from crates.io, and from this registry when the
     * manifest names it with {@code registry = "<any name>"} (every such name is taken to mean this registry while
     * packaging), renamed ({@code package = …}), optional, target-specific, dev and build ones; features using
     * {@code dep:} or {@code ?/} go to {@code features2} with {@code "v": 2}. Publishing a version twice fails.
     */
    Published publish(Path crateDir) {
        Path manifestPath = crateDir.toAbsolutePath().resolve("Cargo.toml");
        TomlParseResult manifest = parseToml(TestFiles.read(manifestPath), manifestPath.toString());
        String name = manifest.getString("package.name");
        String version = manifest.getString("package.version");
        if (name == null || version == null || !CRATE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(manifestPath + " needs a literal package.name and package.version");
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CARGO_HOME", workDir.resolve("cargo-home").toString());
        env.put("CARGO_TERM_COLOR", "never");
        for (String registryName : registryNames(manifest)) {
            env.putAll(cargoConfigEnv(registryName));
            env.putAll(cargoEnv(registryName));
        }
        Path targetDir = workDir.resolve("package-target");
        Command.of("cargo", "package", "--no-verify", "--allow-dirty", "--manifest-path", manifestPath.toString(),
                        "--target-dir", targetDir.toString())
                .in(crateDir)
                .env(env)
                .timeout(Duration.ofMinutes(10))
                .runOrFail();
        Path packaged = targetDir.resolve("package").resolve(name + "-" + version + ".crate");
        byte[] crate = TestFiles.readBytes(packaged);
        String cksum = sha256(crate);
        String normalizedPath = name + "-" + version + "/Cargo.toml";
        String normalizedText = tarEntry(crate, normalizedPath)
                .orElseThrow(() -> new IllegalStateException(packaged + " holds no " + normalizedPath));
        TomlParseResult normalized = parseToml(normalizedText, normalizedPath);
        String line = indexLine(normalized, name, version, cksum);

        String indexPath = indexPath(name);
        Path indexFile = workDir.resolve("www/index").resolve(indexPath);
        Path crateFile = workDir.resolve("www/dl").resolve(name).resolve(name + "-" + version + ".crate");
        try {
            if (Files.exists(indexFile)) {
                for (String existing : Files.readAllLines(indexFile)) {
                    if (JSON.readTree(existing).path("vers").asText().equals(version)) {
                        throw new IllegalStateException(name + " " + version + " is already published: " + existing);
                    }
                }
            }
            Files.createDirectories(crateFile.getParent());
            Files.write(crateFile, crate);
            Files.createDirectories(indexFile.getParent());
            Files.writeString(indexFile, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Published(name, version, cksum, crateFile, indexPath, line);
    }

    /**
     * Writes a minimal library crate, {@code <name>::service_tag(&str) -> String}, into {@code directory}, ready to
     * {@link #publish}: the stand-in for a company's internal crate.
     */
    static Path sampleLibrary(Path directory, String name, String version) {
        try {
            Files.createDirectories(directory.resolve("src"));
            Files.writeString(directory.resolve("Cargo.toml"), """
                    [package]
                    name = "%s"
                    version = "%s"
                    edition = "2021"
                    description = "A crate only the private registry has"
                    license = "MIT"
                    """.formatted(name, version));
            Files.writeString(directory.resolve("src/lib.rs"), """
                    /// The tag this service's telemetry reports under.
                    pub fn service_tag(name: &str) -> String {
                        format!("acme:{name}")
                    }
                    """);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A crate's sparse index path, lowercase: {@code 1/a}, {@code 2/ab}, {@code 3/a/abc}, {@code ac/me/acme-x}. */
    static String indexPath(String crateName) {
        String name = crateName.toLowerCase(Locale.ROOT);
        return switch (name.length()) {
            case 0 -> throw new IllegalArgumentException("empty crate name");
            case 1 -> "1/" + name;
            case 2 -> "2/" + name;
            case 3 -> "3/" + name.charAt(0) + "/" + name;
            default -> name.substring(0, 2) + "/" + name.substring(2, 4) + "/" + name;
        };
    }

    /** nginx's access log, a line a request: {@code STATUS METHOD URI auth=ok|none|wrong} (never the header). */
    List<String> accessLog() {
        Path log = workDir.resolve("logs/access.log");
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path workDir() {
        return workDir;
    }

    /** Stops nginx (SIGTERM, then SIGKILL after 5 s). Safe to call twice. */
    @Override
    public void close() {
        stop(nginx);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook stops nginx too.
        }
    }

    // ---- nginx ---------------------------------------------------------------------------------------------

    private static PrivateRegistry launch(Path dir, String token, int port) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("dl", "http://127.0.0.1:" + port + "/dl/{crate}/{crate}-{version}.crate");
        config.put("auth-required", true);
        TestFiles.write(dir.resolve("www/index/config.json"), json(config) + "\n");
        Path conf = dir.resolve("nginx.conf");
        TestFiles.write(conf, nginxConfig(dir, token, port));
        Path errorLog = dir.resolve("logs/error.log");
        List<String> argv = List.of(Executables.find("nginx").toString(), "-e", errorLog.toString(),
                "-p", dir + "/", "-c", conf.toString());
        Process process;
        try {
            process = new ProcessBuilder(argv)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("logs/nginx.out").toFile()))
                    .start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + argv, e);
        }
        Thread hook = new Thread(() -> process.destroyForcibly(), "stop private registry nginx");
        Runtime.getRuntime().addShutdownHook(hook);
        PrivateRegistry registry = new PrivateRegistry(dir, token, port, process, hook);
        try {
            registry.awaitReady();
            return registry;
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!nginx.isAlive()) {
                throw new IllegalStateException("nginx exited " + waitExit() + " at start:\n" + logs());
            }
            try {
                HttpResponse<String> anonymous = get("/index/config.json", null);
                HttpResponse<String> authorized = get("/index/config.json", token);
                if (anonymous.statusCode() == 401
                        && anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Cargo ")
                        && authorized.statusCode() == 200 && authorized.body().contains("\"auth-required\":true")) {
                    return;
                }
                last = "config.json answered " + anonymous.statusCode() + " without the token, "
                        + authorized.statusCode() + " with it";
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(50);
        }
        throw new IllegalStateException("nginx did not serve the registry within " + STARTUP + " (" + last + "):\n"
                + logs());
    }

    private HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(2));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int waitExit() {
        try {
            nginx.waitFor(2, TimeUnit.SECONDS);
            return nginx.isAlive() ? -1 : nginx.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String logs() {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("logs/nginx.out", "logs/error.log")) {
            Path file = workDir.resolve(name);
            if (Files.exists(file)) {
                text.append("--- ").append(file).append('\n').append(TestFiles.read(file));
            }
        }
        return text.toString();
    }

    /** The generated configuration (see the class comment). It holds the token: keep the work directory private. */
    static String nginxConfig(Path dir, String token, int port) {
        Map<String, String> values = Map.of(
                "DIR", dir.toString(),
                "PORT", Integer.toString(port),
                "LOGIN_URL", "http://127.0.0.1:" + port + "/me",
                "UNAUTHORIZED", "this registry needs its token in the Authorization header",
                "TOKEN", regexQuote(token));
        String template = """
                # Generated by rustkit's PrivateRegistry (tests): a private sparse cargo registry. Holds the token.
                daemon off;
                master_process off;
                pid @DIR@/nginx.pid;
                error_log @DIR@/logs/error.log warn;
                events { worker_connections 256; }
                http {
                    server_tokens off;
                    sendfile on;
                    types { application/json json; application/x-tar crate; }
                    default_type text/plain;
                    client_body_temp_path @DIR@/tmp/client_body;
                    proxy_temp_path @DIR@/tmp/proxy;
                    fastcgi_temp_path @DIR@/tmp/fastcgi;
                    uwsgi_temp_path @DIR@/tmp/uwsgi;
                    scgi_temp_path @DIR@/tmp/scgi;

                    # ok only when the whole Authorization header is the token: cargo sends `Authorization: <token>`.
                    # A regular expression: map's plain strings match case-insensitively (and no regex matches '').
                    map $http_authorization $registry_auth {
                        default wrong;
                        '' none;
                        "~^@TOKEN@$" ok;
                    }
                    log_format registry '$status $request_method $request_uri auth=$registry_auth';
                    access_log @DIR@/logs/access.log registry;

                    server {
                        listen 127.0.0.1:@PORT@;
                        root @DIR@/www;

                        location = /me {
                            default_type text/plain;
                            return 200 "This test registry takes one fixed token; ask the test that started it.\\n";
                        }

                        location / {
                            if ($registry_auth != ok) {
                                add_header WWW-Authenticate 'Cargo login_url="@LOGIN_URL@"' always;
                                return 401 '{"errors":[{"detail":"@UNAUTHORIZED@"}]}\\n';
                            }
                        }
                    }
                }
                """;
        // One pass, so that no value is searched for the other placeholders.
        return Pattern.compile("@([A-Z_]+)@").matcher(template)
                .replaceAll(placeholder -> Matcher.quoteReplacement(values.get(placeholder.group(1))));
    }

    private static String regexQuote(String token) {
        // PCRE syntax; the token pattern leaves . + / = : ~ - and space, of which . and + need escaping.
        StringBuilder quoted = new StringBuilder();
        for (char c : token.toCharArray()) {
            if (".+".indexOf(c) >= 0) {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.toString();
    }

    /** Stops an nginx a killed JVM left running on this work directory, by the pid in its pid file. */
    private static void stopLeftover(Path dir) {
        Path pidFile = dir.resolve("nginx.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
            if (Files.exists(cmdline)
                    && new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8)
                            .contains(dir.resolve("nginx.conf").toString())) {
                ProcessHandle.of(pid).ifPresent(leftover -> {
                    leftover.destroy();
                    try {
                        leftover.onExit().get(5, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        leftover.destroyForcibly();
                    }
                });
            }
            Files.deleteIfExists(pidFile);
        } catch (IOException | NumberFormatException e) {
            // No readable pid file: nothing of ours to stop.
        }
    }

    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- index entries -------------------------------------------------------------------------------------

    private String indexLine(TomlTable manifest, String name, String version, String cksum) {
        List<Object> deps = new ArrayList<>();
        addDeps(deps, manifest.getTable("dependencies"), "normal", null);
        addDeps(deps, manifest.getTable("build-dependencies"), "build", null);
        addDeps(deps, manifest.getTable("dev-dependencies"), "dev", null);
        TomlTable targets = manifest.getTable("target");
        if (targets != null) {
            for (String target : targets.keySet()) {
                TomlTable platform = targets.getTable(List.of(target));
                addDeps(deps, platform.getTable("dependencies"), "normal", target);
                addDeps(deps, platform.getTable("build-dependencies"), "build", target);
                addDeps(deps, platform.getTable("dev-dependencies"), "dev", target);
            }
        }
        Map<String, Object> features = new LinkedHashMap<>();
        Map<String, Object> features2 = new LinkedHashMap<>();
        TomlTable featureTable = manifest.getTable("features");
        if (featureTable != null) {
            for (String feature : featureTable.keySet()) {
                List<Object> values = strings(featureTable.getArray(List.of(feature)));
                boolean extended = values.stream().map(String.class::cast)
                        .anyMatch(value -> value.startsWith("dep:") || value.contains("?/"));
                (extended ? features2 : features).put(feature, values);
            }
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        entry.put("vers", version);
        entry.put("deps", deps);
        entry.put("cksum", cksum);
        entry.put("features", features);
        entry.put("yanked", false);
        String links = manifest.getString("package.links");
        if (links != null) {
            entry.put("links", links);
        }
        String rustVersion = manifest.getString("package.rust-version");
        if (rustVersion != null) {
            entry.put("rust_version", rustVersion);
        }
        if (!features2.isEmpty()) {
            entry.put("features2", features2);
        }
        entry.put("v", features2.isEmpty() ? 1 : 2);
        return json(entry);
    }

    private void addDeps(List<Object> deps, TomlTable table, String kind, String target) {
        if (table == null) {
            return;
        }
        for (String key : table.keySet()) {
            Object value = table.get(List.of(key));
            Map<String, Object> dep = new LinkedHashMap<>();
            dep.put("name", key);
            if (value instanceof String requirement) {
                value = Toml.parse("version = " + json(requirement));
            }
            TomlTable spec = (TomlTable) value;
            String requirement = spec.getString("version");
            if (requirement == null) {
                throw new IllegalStateException("Dependency " + key + " has no version: a registry crate needs one");
            }
            dep.put("req", requirement);
            dep.put("features", strings(spec.getArray("features")));
            dep.put("optional", Boolean.TRUE.equals(spec.getBoolean("optional")));
            dep.put("default_features", !Boolean.FALSE.equals(spec.getBoolean("default-features")));
            dep.put("target", target);
            dep.put("kind", kind);
            String registry = spec.getString("registry-index");
            if (registry == null) {
                dep.put("registry", CRATES_IO_INDEX);
            } else if (!registry.equals(indexUrl()) && !registry.equals(plainIndexUrl())) {
                dep.put("registry", registry);
            }
            String pkg = spec.getString("package");
            if (pkg != null) {
                dep.put("package", pkg);
            }
            deps.add(dep);
        }
    }

    /** Every {@code registry = "…"} a dependency table of the manifest names. */
    private static Set<String> registryNames(TomlTable manifest) {
        Set<String> names = new TreeSet<>();
        collectRegistryNames(manifest, names);
        return names;
    }

    private static void collectRegistryNames(TomlTable table, Set<String> names) {
        for (String key : table.keySet()) {
            Object value = table.get(List.of(key));
            if (value instanceof TomlTable child) {
                collectRegistryNames(child, names);
            } else if (key.equals("registry") && value instanceof String name
                    && REGISTRY_NAME.matcher(name).matches()) {
                names.add(name);
            }
        }
    }

    private static List<Object> strings(TomlArray array) {
        List<Object> values = new ArrayList<>();
        if (array != null) {
            for (int i = 0; i < array.size(); i++) {
                values.add(array.getString(i));
            }
        }
        return values;
    }

    // ---- small helpers ---------------------------------------------------------------------------------------

    /** Compact JSON, maps in their iteration order: the index format cargo reads line by line. */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One file of a gzipped tar (a .crate), by its full path; ustar headers, which cargo writes. */
    static Optional<String> tarEntry(byte[] tarGz, String path) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(tarGz))) {
            byte[] header = new byte[512];
            String longName = null;
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                long size = Long.parseLong(field(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                byte[] data = in.readNBytes((int) size);
                in.skipNBytes((512 - size % 512) % 512);
                if (type == 'L') {
                    longName = new String(data, StandardCharsets.UTF_8).replace("\0", "");
                    continue;
                }
                String full = longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name;
                longName = null;
                if (full.equals(path) && (type == '0' || type == 0)) {
                    return Optional.of(new String(data, StandardCharsets.UTF_8));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TomlParseResult parseToml(String text, String source) {
        TomlParseResult result = Toml.parse(text);
        if (result.hasErrors()) {
            throw new IllegalArgumentException("Cannot parse " + source + ": " + result.errors());
        }
        return result;
    }

    private static void checkRegistryName(String registryName) {
        if (!REGISTRY_NAME.matcher(registryName).matches()) {
            throw new IllegalArgumentException("Not a cargo registry name: " + registryName);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

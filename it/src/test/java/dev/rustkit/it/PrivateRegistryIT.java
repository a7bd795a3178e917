package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustkit.verifier.support.Command;
import dev.rustkit.verifier.support.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlTable;

/**
 * The private-registry fixture against real cargo: a crate published to an authenticated sparse registry on
 * loopback, and consumers that build with the token, fail clearly without it, keep it out of every file, and
 * complete a partial Cargo.lock. Each consumer uses its own CARGO_HOME, so ~/.cargo is never read or written.
 */
@EnabledIf(value = "dev.rustkit.it.Archetype#privateRegistrySelected",
        disabledReason = "private-registry is not among -Drustkit.archetypes")
class PrivateRegistryIT {
    private static final String REGISTRY = "acme-private";
    private static final String TOKEN_VARIABLE = "CARGO_REGISTRIES_ACME_PRIVATE_TOKEN";
    private static final String TELEMETRY_DEPENDENCY =
            "acme-telemetry = { version = \"^1.2\", registry = \"" + REGISTRY + "\" }";
    /** Random, so that finding it in a file can only mean it was copied there. */
    private static final String TOKEN = "rk-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));

    @TempDir
    static Path temp;

    private static PrivateRegistry registry;
    private static PrivateRegistry.Published telemetry;

    @BeforeAll
    static void startRegistryAndPublish() {
        registry = PrivateRegistry.start(temp.resolve("registry"), TOKEN);
        Path crate = PrivateRegistry.sampleLibrary(temp.resolve("crates/acme-telemetry"), "acme-telemetry", "1.2.0");
        telemetry = registry.publish(crate);
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void servesTheCrateAtItsSparseIndexPathOnlyToTheToken() throws Exception {
        assertThat(PrivateRegistry.indexPath("a")).isEqualTo("1/a");
        assertThat(PrivateRegistry.indexPath("ab")).isEqualTo("2/ab");
        assertThat(PrivateRegistry.indexPath("Abc")).isEqualTo("3/a/abc");
        assertThat(PrivateRegistry.indexPath("Acme-Telemetry")).isEqualTo("ac/me/acme-telemetry");

        assertThat(telemetry.indexPath()).isEqualTo("ac/me/acme-telemetry");
        assertThat(telemetry.cksum()).isEqualTo(PrivateRegistry.sha256(Files.readAllBytes(telemetry.crateFile())));
        assertThat(telemetry.indexLine()).isEqualTo("{\"name\":\"acme-telemetry\",\"vers\":\"1.2.0\",\"deps\":[],"
                + "\"cksum\":\"" + telemetry.cksum() + "\",\"features\":{},\"yanked\":false,\"v\":1}");

        String base = "http://127.0.0.1:" + registry.port();
        for (String path : List.of("/index/config.json", "/index/ac/me/acme-telemetry",
                "/dl/acme-telemetry/acme-telemetry-1.2.0.crate")) {
            assertThat(status(base + path, TOKEN)).as(path + " with the token").isEqualTo(200);
            for (String wrong : List.of("", "wrong", TOKEN.toUpperCase(), "Bearer " + TOKEN, TOKEN + "x")) {
                HttpResponse<String> refused = get(base + path, wrong);
                assertThat(refused.statusCode()).as(path + " with Authorization [" + wrong + "]").isEqualTo(401);
                assertThat(refused.headers().firstValue("WWW-Authenticate"))
                        .hasValue("Cargo login_url=\"" + registry.loginUrl() + "\"");
            }
        }
        assertThat(get(base + "/index/config.json", TOKEN).body())
                .contains("\"auth-required\":true", "\"dl\":\"" + base + "/dl/{crate}/{crate}-{version}.crate\"");
    }

    @Test
    void aConsumerWithTheTokenLocksBuildsAndRunsAndTheTokenStaysOutOfItsFiles() {
        Path project = consumer("with-token", TELEMETRY_DEPENDENCY);
        Path cargoHome = temp.resolve("home-with-token");
        int logged = registry.accessLog().size();

        Command.Result lock = cargo(project, cargoHome, "generate-lockfile")
                .env(registry.cargoEnv(REGISTRY)).runOrFail();
        Command.Result build = cargo(project, cargoHome, "build", "--locked")
                .env(registry.cargoEnv(REGISTRY)).runOrFail();
        System.out.printf("generate-lockfile %d ms, build %d ms%n", lock.took().toMillis(), build.took().toMillis());

        TomlTable locked = lockedPackage(project, "acme-telemetry");
        assertThat(locked.getString("version")).isEqualTo("1.2.0");
        assertThat(locked.getString("source")).isEqualTo(registry.indexUrl()).startsWith("sparse+http://127.0.0.1:");
        assertThat(locked.getString("checksum")).isEqualTo(telemetry.cksum());

        // cargo probes config.json without the token, is refused, and from then on sends it with everything.
        List<String> requests = registry.accessLog().subList(logged, registry.accessLog().size());
        assertThat(requests).first().isEqualTo("401 GET /index/config.json auth=none");
        assertThat(requests.subList(1, requests.size())).allMatch(line -> line.endsWith(" auth=ok"))
                .contains("200 GET /index/config.json auth=ok", "200 GET /index/ac/me/acme-telemetry auth=ok",
                        "200 GET /dl/acme-telemetry/acme-telemetry-1.2.0.crate auth=ok");

        Command.Result run = Command.of(project.resolve("target/debug/consumer").toString()).runOrFail();
        assertThat(run.output()).isEqualTo("acme:consumer\n");

        assertThat(Secrets.filesContaining(project, TOKEN)).as("files in the project and its target dir").isEmpty();
        assertThat(Secrets.filesContaining(cargoHome, TOKEN)).as("files in CARGO_HOME").isEmpty();
        assertThat(cargoHome.resolve("credentials.toml")).doesNotExist();
        assertThat(cargoHome.resolve("credentials")).doesNotExist();
    }

    @Test
    void withoutTheTokenOrWithAWrongOneCargoSaysSo() {
        Path project = consumer("no-token", TELEMETRY_DEPENDENCY);

        Command.Result missing = cargo(project, temp.resolve("home-no-token"), "generate-lockfile").run();
        System.out.println("WITHOUT TOKEN:\n" + missing.output());
        assertThat(missing.exitCode()).isEqualTo(101);
        assertThat(missing.output()).contains(
                "no token found for `" + REGISTRY + "`, please run `cargo login --registry " + REGISTRY + "`",
                "or use environment variable " + TOKEN_VARIABLE);

        Command.Result wrong = cargo(project, temp.resolve("home-wrong-token"), "generate-lockfile")
                .env(TOKEN_VARIABLE, "rk-not-the-token").run();
        System.out.println("WRONG TOKEN:\n" + wrong.output());
        assertThat(wrong.exitCode()).isEqualTo(101);
        assertThat(wrong.output()).contains(
                "token rejected for `" + REGISTRY + "`, please run `cargo login --registry " + REGISTRY + "`",
                "failed to get successful HTTP response from `" + registry.plainIndexUrl() + "config.json`, got 401",
                "this registry needs its token in the Authorization header");
        assertThat(project.resolve("Cargo.lock")).doesNotExist();
    }

    @Test
    void withoutACredentialProviderTheTokenVariableIsNotEnough() {
        Path project = consumer("no-provider", TELEMETRY_DEPENDENCY);
        TestFiles.write(project.resolve(".cargo/config.toml"),
                "[registries." + REGISTRY + "]\nindex = \"" + registry.indexUrl() + "\"\n");

        Command.Result refused = cargo(project, temp.resolve("home-no-provider"), "generate-lockfile")
                .env(registry.cargoEnv(REGISTRY)).run();
        System.out.println("NO CREDENTIAL PROVIDER:\n" + refused.output());
        assertThat(refused.exitCode()).isEqualTo(101);
        assertThat(refused.output()).contains(
                "authenticated registries require a credential-provider to be configured",
                "https://doc.rust-lang.org/cargo/reference/registry-authentication.html");

        // The same settings as environment variables, with no config file at all, do work.
        TestFiles.write(project.resolve(".cargo/config.toml"), "");
        cargo(project, temp.resolve("home-no-provider"), "generate-lockfile")
                .env(registry.cargoConfigEnv(REGISTRY)).env(registry.cargoEnv(REGISTRY)).runOrFail();
        assertThat(lockedPackage(project, "acme-telemetry").getString("source")).isEqualTo(registry.indexUrl());
    }

    @Test
    void fetchCompletesAPartialLockWithOnlyTheNewEntryAndLockedRefusesIt() {
        Path project = consumer("partial", "itoa = \"=1.0.15\"");
        Path cargoHome = temp.resolve("home-partial");
        cargo(project, cargoHome, "generate-lockfile").runOrFail();
        String partial = TestFiles.read(project.resolve("Cargo.lock"));

        TestFiles.write(project.resolve("Cargo.toml"), TestFiles.read(project.resolve("Cargo.toml"))
                + TELEMETRY_DEPENDENCY + "\n");

        Command.Result lockedWithToken = cargo(project, cargoHome, "build", "--locked")
                .env(registry.cargoEnv(REGISTRY)).run();
        System.out.println("BUILD --locked ON A PARTIAL LOCK, WITH TOKEN:\n" + lockedWithToken.output());
        assertThat(lockedWithToken.exitCode()).isEqualTo(101);
        assertThat(lockedWithToken.output())
                .contains("cannot update the lock file", "because --locked was passed to prevent this");
        Command.Result lockedWithoutToken = cargo(project, cargoHome, "build", "--locked").run();
        System.out.println("BUILD --locked ON A PARTIAL LOCK, NO TOKEN:\n" + lockedWithoutToken.output());
        assertThat(lockedWithoutToken.exitCode()).isEqualTo(101);
        assertThat(TestFiles.read(project.resolve("Cargo.lock"))).isEqualTo(partial);

        cargo(project, cargoHome, "fetch").env(registry.cargoEnv(REGISTRY)).runOrFail();
        String completed = TestFiles.read(project.resolve("Cargo.lock"));

        List<String> before = CargoLock.packages(partial);
        List<String> after = CargoLock.packages(completed);
        String rootBefore = before.stream().filter(b -> b.contains("name = \"consumer\"")).findFirst().orElseThrow();
        List<String> added = new ArrayList<>(after);
        added.removeAll(before);
        List<String> removed = new ArrayList<>(before);
        removed.removeAll(after);
        assertThat(removed).as("entries fetch changed or dropped").containsExactly(rootBefore);
        assertThat(added).as("entries fetch added or changed").containsExactlyInAnyOrder("""
                [[package]]
                name = "acme-telemetry"
                version = "1.2.0"
                source = "%s"
                checksum = "%s"
                """.formatted(registry.indexUrl(), telemetry.cksum()), """
                [[package]]
                name = "consumer"
                version = "0.1.0"
                dependencies = [
                 "acme-telemetry",
                 "itoa",
                ]
                """);
        assertThat(completed.substring(0, completed.indexOf("[[package]]")))
                .isEqualTo(partial.substring(0, partial.indexOf("[[package]]")));

        cargo(project, cargoHome, "build", "--locked", "--offline").runOrFail();
        assertThat(TestFiles.read(project.resolve("Cargo.lock"))).isEqualTo(completed);
    }

    @Test
    void aPublishedCrateWithDependenciesResolvesThroughTheIndex() {
        // A renamed dependency on this registry, an optional crates.io one behind a `dep:` feature (features2, v 2),
        // a target-specific one without default features, and a dev-dependency.
        Path crate = temp.resolve("crates/acme-extras");
        TestFiles.write(crate.resolve("Cargo.toml"), """
                [package]
                name = "acme-extras"
                version = "0.3.1"
                edition = "2021"
                description = "Depends on the private registry and on crates.io"
                license = "MIT"
                rust-version = "1.70"

                [dependencies]
                telemetry = { package = "acme-telemetry", version = "1.2", registry = "any-name-means-this-one" }
                itoa = { version = "1.0.15", optional = true }

                [target.'cfg(unix)'.dependencies]
                memchr = { version = "2", default-features = false }

                [dev-dependencies]
                ryu = "1"

                [features]
                fast = ["dep:itoa"]
                """);
        TestFiles.write(crate.resolve("src/lib.rs"), """
                pub fn tag() -> String {
                    let mut digits = itoa::Buffer::new();
                    format!("{} {}", telemetry::service_tag("extras"), digits.format(42))
                }
                """);
        PrivateRegistry.Published extras = registry.publish(crate);
        assertThat(extras.indexLine()).contains(
                "{\"name\":\"telemetry\",\"req\":\"1.2\",\"features\":[],\"optional\":false,\"default_features\":true,"
                        + "\"target\":null,\"kind\":\"normal\",\"package\":\"acme-telemetry\"}",
                "{\"name\":\"itoa\",\"req\":\"1.0.15\",\"features\":[],\"optional\":true,\"default_features\":true,"
                        + "\"target\":null,\"kind\":\"normal\",\"registry\":\"" + PrivateRegistry.CRATES_IO_INDEX
                        + "\"}",
                "\"target\":\"cfg(unix)\"", "\"kind\":\"dev\"", "\"rust_version\":\"1.70\"",
                "\"features\":{},", "\"features2\":{\"fast\":[\"dep:itoa\"]},\"v\":2}");
        assertThatThrownBy(() -> registry.publish(crate)).hasMessageContaining("already published");

        Path project = consumer("extras",
                "acme-extras = { version = \"0.3\", registry = \"" + REGISTRY + "\", features = [\"fast\"] }");
        TestFiles.write(project.resolve("src/main.rs"), "fn main() {\n    println!(\"{}\", acme_extras::tag());\n}\n");
        Path cargoHome = temp.resolve("home-extras");
        cargo(project, cargoHome, "build").env(registry.cargoEnv(REGISTRY)).runOrFail();
        assertThat(Command.of(project.resolve("target/debug/consumer").toString()).runOrFail().output())
                .isEqualTo("acme:extras 42\n");
        assertThat(lockedPackage(project, "acme-extras").getString("checksum")).isEqualTo(extras.cksum());
        assertThat(lockedPackage(project, "acme-telemetry").getString("source")).isEqualTo(registry.indexUrl());
        assertThat(lockedPackage(project, "itoa").getString("source"))
                .isEqualTo("registry+" + PrivateRegistry.CRATES_IO_INDEX);
    }

    @Test
    void cargoChefPrepareKeepsTheTokenOutOfTheRecipe() {
        Path project = consumer("chef", TELEMETRY_DEPENDENCY);
        Path cargoHome = temp.resolve("home-chef");
        cargo(project, cargoHome, "generate-lockfile").env(registry.cargoEnv(REGISTRY)).runOrFail();

        Command.Result prepare = TestSettings.cargoSubcommand("chef", "prepare", "--recipe-path", "recipe.json")
                .in(project)
                .env("CARGO_HOME", cargoHome.toString())
                .env("CARGO_TERM_COLOR", "never")
                .env(registry.cargoEnv(REGISTRY))
                .timeout(Duration.ofMinutes(2))
                .runOrFail();
        System.out.printf("cargo chef prepare %d ms%n", prepare.took().toMillis());
        String recipe = TestFiles.read(project.resolve("recipe.json"));
        assertThat(recipe).doesNotContain(TOKEN).contains(registry.indexUrl(), "credential-provider");
        assertThat(Secrets.filesContaining(project, TOKEN)).isEmpty();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    /** A binary crate in its own directory under the temp dir (outside any workspace), declaring the registry. */
    private static Path consumer(String directory, String dependency) {
        Path project = temp.resolve("consumers").resolve(directory);
        TestFiles.write(project.resolve("Cargo.toml"), """
                [package]
                name = "consumer"
                version = "0.1.0"
                edition = "2021"
                publish = false

                [dependencies]
                %s
                """.formatted(dependency));
        TestFiles.write(project.resolve("src/main.rs"), """
                fn main() {
                    println!("{}", acme_telemetry::service_tag("consumer"));
                }
                """);
        TestFiles.write(project.resolve(".cargo/config.toml"), registry.cargoConfig(REGISTRY));
        return project;
    }

    private static Command cargo(Path project, Path cargoHome, String... arguments) {
        List<String> argv = new ArrayList<>(List.of("cargo"));
        argv.addAll(List.of(arguments));
        return Command.of(argv)
                .in(project)
                .env("CARGO_HOME", cargoHome.toString())
                .env("CARGO_TARGET_DIR", project.resolve("target").toString())
                .env("CARGO_TERM_COLOR", "never")
                .env("CARGO_INCREMENTAL", "0")
                .timeout(Duration.ofMinutes(5));
    }

    private static TomlTable lockedPackage(Path project, String name) {
        TomlParseResult lock = Toml.parse(TestFiles.read(project.resolve("Cargo.lock")));
        TomlArray packages = lock.getArray("package");
        for (int i = 0; i < packages.size(); i++) {
            if (name.equals(packages.getTable(i).getString("name"))) {
                return packages.getTable(i);
            }
        }
        throw new AssertionError("Cargo.lock has no package " + name + ":\n" + TestFiles.read(project.resolve("Cargo.lock")));
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5));
        if (!authorization.isEmpty()) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int status(String url, String authorization) throws Exception {
        return get(url, authorization).statusCode();
    }
}

package dev.rustkit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rustkit.verifier.support.Dockerfile;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Dockerfile} on a small Dockerfile with the syntax the generated ones use (and some they may grow into),
 * read by BuildKit through dockerfile-json. Needs only that binary (scripts/install-tools builds it), so it runs
 * with the unit tests.
 */
class DockerfileTest {
    /** Continuation lines, cache mounts, a heredoc, quoted ENV values and exec forms, across two stages. */
    private static final String TEXT = """
            # syntax=docker/dockerfile:1
            ARG ALPINE=3.22
            FROM --platform=$BUILDPLATFORM alpine:${ALPINE} AS Build
            # A comment between instructions, and one inside a continued line, which BuildKit drops.
            RUN --mount=type=cache,target=/var/cache/apk \\
                --mount=type=cache,target=/root/.cache \\
            # dropped
                apk add --no-cache curl \\
             && echo done
            RUN <<EOF
            set -eu
            echo "hello" > /greeting
            EOF
            FROM scratch
            COPY --from=build --chmod=0755 /greeting /app/greeting
            ENV PORT=8080 GREETING="hello world" QUOTED="say \\"hi\\"" PATH=/app:$PATH
            LABEL org.opencontainers.image.title="demo app"
            USER 10001:10001
            HEALTHCHECK --interval=30s --retries=3 \\
                CMD ["/app/probe", "--port", "8080"]
            ENTRYPOINT ["/app/serve"]
            """;

    /** Parsed once: the tests only read it. ("AS Build" draws BuildKit's StageNameCasing warning, on stderr.) */
    private static Dockerfile dockerfile;

    @BeforeAll
    static void parse() {
        dockerfile = Dockerfile.parse(TEXT);
    }

    @Test
    void groupsInstructionsIntoStagesWithTheirNamesBasesAndPlatforms() {
        assertThat(dockerfile.stages()).extracting(Dockerfile.Stage::name).containsExactly("build", null);
        assertThat(dockerfile.stages()).extracting(Dockerfile.Stage::base)
                .containsExactly("alpine:${ALPINE}", "scratch");
        assertThat(dockerfile.stages()).extracting(Dockerfile.Stage::platform).containsExactly("$BUILDPLATFORM", null);
        assertThat(dockerfile.stages()).extracting(Dockerfile.Stage::line).containsExactly(3, 14);
        assertThat(dockerfile.metaArgs()).containsExactly(new Dockerfile.KeyValue("ALPINE", "3.22"));
        assertThat(dockerfile.stage("BUILD")).as("stage names match case-insensitively")
                .contains(dockerfile.stages().get(0));
        assertThat(dockerfile.stage("missing")).isEmpty();
        assertThat(dockerfile.stages().get(0).instructions()).extracting(Dockerfile.Instruction::keyword)
                .containsExactly("RUN", "RUN");
        assertThat(dockerfile.finalStage().instructions()).extracting(Dockerfile.Instruction::keyword)
                .containsExactly("COPY", "ENV", "LABEL", "USER", "HEALTHCHECK", "ENTRYPOINT");
    }

    @Test
    void joinsContinuationLinesAndKeepsRepeatedFlagsInOrder() {
        Dockerfile.Instruction run = dockerfile.stage("build").orElseThrow().all("RUN").get(0);
        assertThat(run.line()).isEqualTo(5);
        assertThat(run.endLine()).isEqualTo(9);
        assertThat(run.flags()).containsOnlyKeys("mount");
        assertThat(run.flags().get("mount"))
                .containsExactly("type=cache,target=/var/cache/apk", "type=cache,target=/root/.cache");
        assertThatThrownBy(() -> run.flag("mount")).hasMessageContaining("--mount is given 2 times");
        assertThat(run.inExecForm()).isFalse();
        assertThat(run.shellScript()).isEqualTo("apk add --no-cache curl  && echo done");
        assertThat(run.command()).containsExactly(run.shellScript());
        assertThatThrownBy(run::execForm).hasMessageContaining("not in exec form");
    }

    @Test
    void keepsAHeredocWithItsRunAndRunsItsBody() {
        Dockerfile.Instruction run = dockerfile.stage("build").orElseThrow().last("RUN").orElseThrow();
        assertThat(run.line()).isEqualTo(10);
        assertThat(run.endLine()).isEqualTo(13);
        assertThat(run.heredocs()).containsExactly(
                new Dockerfile.Heredoc("EOF", "set -eu\necho \"hello\" > /greeting\n", true));
        assertThat(run.arguments()).containsExactly("<<EOF");
        assertThat(run.shellScript()).as("BuildKit runs a RUN that is only a heredoc as the heredoc's body")
                .isEqualTo("set -eu\necho \"hello\" > /greeting\n");
    }

    @Test
    void readsCopyFlagsAndArguments() {
        Dockerfile.Instruction copy = dockerfile.finalStage().last("COPY").orElseThrow();
        assertThat(copy.flag("from")).contains("build");
        assertThat(copy.flag("chmod")).contains("0755");
        assertThat(copy.flag("chown")).isEmpty();
        assertThat(copy.arguments()).containsExactly("/greeting", "/app/greeting");
    }

    @Test
    void unquotesEnvAndLabelValuesAsBuildKitDoesAndLeavesVariablesAlone() {
        assertThat(dockerfile.finalStage().last("ENV").orElseThrow().keyValues()).containsExactly(
                new Dockerfile.KeyValue("PORT", "8080"),
                new Dockerfile.KeyValue("GREETING", "hello world"),
                new Dockerfile.KeyValue("QUOTED", "say \"hi\""),
                new Dockerfile.KeyValue("PATH", "/app:$PATH"));
        assertThat(dockerfile.finalStage().last("LABEL").orElseThrow().keyValues())
                .containsExactly(new Dockerfile.KeyValue("org.opencontainers.image.title", "demo app"));
        assertThat(dockerfile.finalStage().last("USER").orElseThrow().arguments()).containsExactly("10001:10001");
    }

    @Test
    void givesExecFormCommandsAsTheirArgv() {
        Dockerfile.Instruction healthcheck = dockerfile.finalStage().last("HEALTHCHECK").orElseThrow();
        assertThat(healthcheck.execForm()).containsExactly("/app/probe", "--port", "8080");
        assertThat(healthcheck.flag("interval")).contains("30s");
        assertThat(healthcheck.flag("retries")).contains("3");
        assertThat(healthcheck.flag("timeout")).isEmpty();
        assertThat(healthcheck.script()).isNull();
        assertThatThrownBy(healthcheck::shellScript).hasMessageContaining("runs no shell script");
        assertThat(dockerfile.finalStage().last("ENTRYPOINT").orElseThrow().execForm()).containsExactly("/app/serve");
    }

    @Test
    void aShellFormHealthcheckRunsThroughTheShell() {
        Dockerfile.Instruction healthcheck = Dockerfile.parse("""
                FROM alpine
                HEALTHCHECK CMD wget -q -O- localhost || exit 1
                """).finalStage().last("HEALTHCHECK").orElseThrow();
        assertThat(healthcheck.inExecForm()).isFalse();
        assertThat(healthcheck.shellScript()).isEqualTo("wget -q -O- localhost || exit 1");
    }

    @Test
    void reportsWhatBuildKitRefusesWithBuildKitsMessage() {
        assertThatThrownBy(() -> Dockerfile.parse("FROM alpine\nFORM scratch\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dockerfile parse error on line 2: unknown instruction: FORM")
                .hasMessageContaining("did you mean FROM?");
        assertThatThrownBy(() -> Dockerfile.parse("FROM alpine\nRUN <<EOF\necho never closed\n"))
                .hasMessageContaining("line 2: unterminated heredoc");
        assertThatThrownBy(() -> Dockerfile.parse("FROM alpine\nCOPY --form=build a b\n"))
                .hasMessageContaining("unknown flag: --form");
        assertThatThrownBy(() -> Dockerfile.parse("RUN true\n"))
                .hasMessageContaining("no build stage in current context");
    }

    /**
     * {@link PrivateRegistry#tokenPathProblems} on a Dockerfile shaped like the private-registry one, then on copies
     * each broken in one way: every break is found, and named by its line.
     */
    @Test
    void theRegistryTokenCheckFindsEveryWayTheTokenMissesItsSecretOrLeaks() {
        String secret = "--mount=type=secret,id=cargo-registry-token,env=CARGO_REGISTRIES_ACME_INTERNAL_TOKEN"
                + ",required=true";
        String mounted = """
                FROM rust:1.95.0-alpine3.22 AS chef
                RUN cargo install cargo-chef --locked
                FROM chef AS Builder
                ENV AARCH64_UNKNOWN_LINUX_MUSL_JEMALLOC_SYS_WITH_LG_PAGE=16
                RUN --mount=type=cache,target=/usr/local/cargo/registry \\
                    SECRET \\
                    cargo chef cook --release --recipe-path recipe.json
                RUN SECRET rust_target=x && cargo build --release && cp target/x /x
                FROM builder AS tested
                RUN SECRET ["/usr/local/cargo/bin/cargo", "test"]
                FROM scratch
                COPY --from=builder /x /x
                LABEL org.opencontainers.image.title="x"
                """.replace("SECRET", secret);
        assertThat(problems(mounted)).as("every cargo RUN of builder and tested mounts it, nothing names it").isEmpty();

        assertThat(problems(mounted.replace("RUN " + secret + " rust_target", "RUN rust_target")))
                .as("cargo build without the mount").singleElement().asString()
                .startsWith("RUN on line 8 runs cargo without --mount=type=secret,id=cargo-registry-token,"
                        + "env=CARGO_REGISTRIES_ACME_INTERNAL_TOKEN,required=true");
        assertThat(problems(mounted.replaceFirst("ACME_INTERNAL_TOKEN", "ACME_TOKEN")))
                .as("another registry's variable").singleElement().asString().startsWith("RUN on line 5 ");
        assertThat(problems(mounted.replaceFirst(",required=true", "")))
                .as("the secret not required").singleElement().asString().startsWith("RUN on line 5 ");
        assertThat(problems(mounted.replaceFirst("id=cargo-registry-token", "id=token")))
                .as("another secret id").singleElement().asString().startsWith("RUN on line 5 ");
        assertThat(problems(mounted.replace("RUN " + secret + " [", "RUN [")))
                .as("a stage built FROM the builder, exec form").singleElement().asString()
                .startsWith("RUN on line 10 ");
        assertThat(problems("ARG TOKEN_FILE=/run/t\n" + mounted))
                .as("a meta ARG").singleElement().asString().contains("before the first FROM");
        assertThat(problems(mounted.replace("FROM chef AS Builder\n",
                "FROM chef AS Builder\nARG CARGO_REGISTRIES_ACME_INTERNAL_TOKEN\n")))
                .as("an ARG").singleElement().asString().startsWith("ARG on line 4 ");
        assertThat(problems(mounted.replace("FROM scratch\n", "FROM scratch\nENV REGISTRY_TOKEN=$T\n")))
                .as("an ENV in the final stage").singleElement().asString().startsWith("ENV on line 12 ");
        assertThat(problems(mounted.replace("title=\"x\"", "title=\"x\" token.source=ci")))
                .as("a LABEL").singleElement().asString().startsWith("LABEL on line 13 ");
        assertThat(problems("FROM rust AS builder\nRUN echo\n"))
                .as("nothing to check").singleElement().asString().contains("no RUN in a builder stage runs cargo");
    }

    private static List<String> problems(String dockerfile) {
        return PrivateRegistry.tokenPathProblems(Dockerfile.parse(dockerfile), "acme-internal");
    }

    @Test
    void everyListIsPresentEvenWhenEmpty() {
        Dockerfile minimal = Dockerfile.parse("FROM scratch\nUSER 1\n");
        assertThat(minimal.metaArgs()).isEmpty();
        Dockerfile.Instruction user = minimal.finalStage().last("USER").orElseThrow();
        assertThat(List.of(user.flags().keySet(), user.command(), user.keyValues(), user.heredocs()))
                .allSatisfy(collection -> assertThat(collection).isEmpty());
    }
}

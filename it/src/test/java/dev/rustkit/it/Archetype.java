package dev.rustkit.it;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The archetypes under test, with the odd names they are generated with. */
enum Archetype {
    ACTIX_SCRATCH("actix-scratch", "zz-orders_api2"),
    ROCKET_DISTROLESS("rocket-distroless", "aa-ledger_svc3"),
    PRIVATE_REGISTRY("private-registry", "zz-billing_svc5"),
    MULTIARCH_BUILDX("multiarch-buildx", "ab-fleet_api4");

    /** The private registry the private-registry archetype is generated against, and the crate it needs there. */
    static final String REGISTRY_NAME = "acme-internal";
    static final String INTERNAL_CRATE = "acme-telemetry";
    static final String INTERNAL_CRATE_VERSION = "1.2.0";

    /**
     * The system property that limits the per-archetype integration tests to some archetypes:
     * {@code -Drustkit.archetypes=actix-scratch,rocket-distroless}; {@code all} (the default) runs every one.
     */
    static final String SELECTION_PROPERTY = "rustkit.archetypes";

    private final String id;
    private final String oddArtifactId;

    Archetype(String id, String oddArtifactId) {
        this.id = id;
        this.oddArtifactId = oddArtifactId;
    }

    String id() {
        return id;
    }

    String artifactId() {
        return id + "-archetype";
    }

    /**
     * A crate name with a dash, an underscore and a digit, different per archetype so builds can share a target dir.
     * Some sort first and some last among the dependencies' names, as rustfmt's import order depends on that.
     */
    String oddArtifactId() {
        return oddArtifactId;
    }

    /**
     * How long SIGTERM may take while a client holds an idle keep-alive connection (a load balancer's pool does):
     * after the 1 s shutdown delay actix closes idle connections at once; Rocket 0.5 may keep an open connection for
     * its whole grace period (5 s of what the delay leaves of SHUTDOWN_TIMEOUT_SECS=8; bench/run saw both), so it
     * exits 0 after 1 to 6 s, still before docker stop's 10 s.
     */
    Duration shutdownWithIdleConnection() {
        return this == ROCKET_DISTROLESS ? Duration.ofSeconds(9) : Duration.ofSeconds(3);
    }

    boolean needsPrivateRegistry() {
        return this == PRIVATE_REGISTRY;
    }

    /** Odd names plus what this archetype requires; {@code registryIndex} is where its registry is served. */
    Map<String, String> properties(String registryIndex) {
        Map<String, String> properties = GeneratedProject.oddProperties(oddArtifactId);
        if (needsPrivateRegistry()) {
            properties.put("registryName", REGISTRY_NAME);
            properties.put("registryIndex", registryIndex);
            properties.put("internalCrate", INTERNAL_CRATE);
            properties.put("internalCrateVersion", "^1.2");
        }
        return properties;
    }

    /** Properties for generating without a live registry (snapshots, validation). */
    Map<String, String> properties() {
        return properties("https://cargo.acme.example/index/");
    }

    /**
     * The archetypes the per-archetype integration tests run for, in declaration order: those named by
     * {@value #SELECTION_PROPERTY}, or all. The build's enforcer rule refuses an unknown id before anything is built;
     * this check says the same for a test started some other way (an IDE).
     */
    static List<Archetype> selected() {
        String value = System.getProperty(SELECTION_PROPERTY, "all").strip();
        if (value.isEmpty() || value.equals("all")) {
            return List.of(values());
        }
        Set<String> ids = new LinkedHashSet<>(Arrays.asList(value.split(",", -1)));
        List<String> unknown = ids.stream()
                .filter(id -> Arrays.stream(values()).noneMatch(archetype -> archetype.id.equals(id)))
                .toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(SELECTION_PROPERTY + ": \"" + value + "\" names "
                    + unknown.stream().map(id -> "\"" + id + "\"").collect(Collectors.joining(", "))
                    + ", which is no archetype. Allowed: all (the default), or a comma-separated list of "
                    + Arrays.stream(values()).map(Archetype::id).collect(Collectors.joining(", ")) + ".");
        }
        return Arrays.stream(values()).filter(archetype -> ids.contains(archetype.id)).toList();
    }

    /** Whether {@link #selected()} holds this archetype: for test classes that serve one archetype only. */
    boolean isSelected() {
        return selected().contains(this);
    }

    /** For {@code @EnabledIf}: the private registry's own tests run when private-registry is selected. */
    static boolean privateRegistrySelected() {
        return PRIVATE_REGISTRY.isSelected();
    }

    static boolean actixScratchSelected() {
        return ACTIX_SCRATCH.isSelected();
    }

    @Override
    public String toString() {
        return id;
    }
}

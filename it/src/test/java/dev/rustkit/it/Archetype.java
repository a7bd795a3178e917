package dev.rustkit.it;

/** The archetypes under test, and what each one's image promises. */
enum Archetype {
    ACTIX_SCRATCH("actix-scratch", "zz-orders_api2");

    private final String id;
    private final String oddArtifactId;

    Archetype(String id, String oddArtifactId) {
        this.id = id;
        this.oddArtifactId = oddArtifactId;
    }

    /** A crate name with a dash, an underscore and a digit, different per archetype so builds can share a target dir. */
    String oddArtifactId() {
        return oddArtifactId;
    }

    String id() {
        return id;
    }

    String artifactId() {
        return id + "-archetype";
    }

    @Override
    public String toString() {
        return id;
    }
}

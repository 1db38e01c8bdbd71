package io.certworker.contracts;

/** The version of the event formats this module writes; every event carries it as {@code schemaVersion}. */
public final class SchemaVersion {
    /** Bumped only for changes an existing reader could misread; adding an optional field is not one. */
    public static final int CURRENT = 1;

    private SchemaVersion() {
    }
}

package io.certworker.cli;

import picocli.CommandLine;

/** The version from the jar's manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"cert-worker " + (version == null ? "(development build)" : version)};
    }
}

package io.durascale.core.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (Maven fills it in). */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"durascale " + (version == null ? "(development build)" : version)};
    }
}

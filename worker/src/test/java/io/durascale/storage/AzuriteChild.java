package io.durascale.storage;

import java.net.URI;

/**
 * A JVM that provisions npm Azurite and waits to be killed; {@link AzuriteLifecycleTest} runs it
 * as a child process. Prints {@code READY <queuePort> <pid> <pid> <pid>}.
 */
public final class AzuriteChild {

    private AzuriteChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        StorageAccount account = StorageProvisioner.fromEnvironment().withEmulator(StorageProvisioner.Emulator.NPM)
                .provision();
        int queuePort = URI.create(account.parsedConnectionString().queueEndpoint()).getPort();
        StringBuilder line = new StringBuilder("READY ").append(queuePort);
        ProcessHandle.current().children().forEach(child -> line.append(' ').append(child.pid()));
        System.out.println(line);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}

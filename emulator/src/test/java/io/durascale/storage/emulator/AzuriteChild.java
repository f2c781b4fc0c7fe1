package io.durascale.storage.emulator;

import io.durascale.storage.StorageAccount;
import io.durascale.storage.StorageResolution;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * A JVM that provisions npm Azurite and waits to be killed; {@link AzuriteLifecycleTest} runs it
 * as a child process. Prints {@code READY <queuePort> <pid> <pid> <pid>}.
 */
public final class AzuriteChild {

    private AzuriteChild() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put(StorageResolution.EMULATOR_ENV, "npm");
        StorageAccount account = StorageResolution.of(env).orEmulator();
        int queuePort = URI.create(account.parsedConnectionString().queueEndpoint()).getPort();
        StringBuilder line = new StringBuilder("READY ").append(queuePort);
        ProcessHandle.current().children().forEach(child -> line.append(' ').append(child.pid()));
        System.out.println(line);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}

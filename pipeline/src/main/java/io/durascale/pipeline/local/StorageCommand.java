package io.durascale.pipeline.local;

import io.durascale.storage.StorageAccount;
import io.durascale.storage.StorageResolution;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Resolves storage the way every durascale command does, and tells where it is. */
@Command(name = "storage", mixinStandardHelpOptions = true,
        description = "Resolve Azure Storage (connection string, Docker Azurite or npm Azurite) and print where it is; "
                + "with --hold, keep an emulator running until Ctrl-C.")
public final class StorageCommand implements Callable<Integer> {

    @Option(names = "--connection", description = "Azure Storage connection string (default: $AZURE_STORAGE_CONNECTION_STRING, else an emulator).")
    String connection;

    @Option(names = "--hold", description = "Keep running (and the emulator up) until interrupted.")
    boolean hold;

    @Override
    public Integer call() throws InterruptedException {
        StorageAccount account = StorageResolution.fromEnvironment().withConnectionString(connection).orEmulator();
        System.out.println("storage: " + account.describe());
        if (account.startedEmulator()) {
            // The emulator's development key is public; printing it lets other processes share this emulator.
            System.out.println("export " + StorageResolution.CONNECTION_STRING_ENV + "='" + account.connectionString() + "'");
        }
        if (hold) {
            System.out.println("Holding; press Ctrl-C to stop.");
            Runtime.getRuntime().addShutdownHook(new Thread(account::close));
            new CountDownLatch(1).await();
        }
        account.close();
        return 0;
    }
}

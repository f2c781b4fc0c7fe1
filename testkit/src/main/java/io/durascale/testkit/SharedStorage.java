package io.durascale.testkit;

import io.durascale.storage.StorageAccount;
import io.durascale.storage.StorageResolution;

/**
 * The storage one test JVM shares: resolved on first use the way {@code up} resolves it (a connection string,
 * else Docker Azurite, else npm Azurite) and stopped when the JVM exits, so one Azurite serves every test.
 */
public final class SharedStorage {

    private SharedStorage() {
    }

    public static StorageAccount account() {
        return Holder.ACCOUNT;
    }

    private static final class Holder {
        static final StorageAccount ACCOUNT = StorageResolution.fromEnvironment().orEmulator();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(ACCOUNT::close, "durascale-storage-stop"));
        }
    }
}

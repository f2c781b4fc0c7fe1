package io.durascale.storage;

import com.azure.core.http.HttpClient;
import com.azure.core.http.okhttp.OkHttpAsyncHttpClientBuilder;
import com.azure.data.tables.TableServiceClient;
import com.azure.data.tables.TableServiceClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.QueueServiceClientBuilder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.List;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * An Azure Storage account to work against — real Azure or an emulator — with its connection
 * string and ready clients. Closing it stops the emulator it owns, if any.
 */
public final class StorageAccount implements AutoCloseable {

    private final ConnectionString connectionString;
    /** The emulator's name when this account started one, else null (a connection string). */
    private final String emulatorLabel;
    private final AutoCloseable emulator;
    private final HttpClient httpClient;
    private volatile BlobServiceClient blobs;
    private volatile QueueServiceClient queues;
    private volatile TableServiceClient tables;

    StorageAccount(ConnectionString connectionString, String emulatorLabel, AutoCloseable emulator) {
        this.connectionString = Objects.requireNonNull(connectionString);
        this.emulatorLabel = emulatorLabel;
        this.emulator = emulator;
        this.httpClient = cleartextOnly(connectionString) ? SharedCleartext.CLIENT : SharedHttp.CLIENT;
    }

    /** Wraps a connection string the caller owns; closing the account does not touch storage. */
    public static StorageAccount of(String connectionString) {
        return new StorageAccount(ConnectionString.parse(connectionString), null, null);
    }

    /** The connection string with its secret: give it to SDK clients and child processes only. */
    public String connectionString() {
        return connectionString.value();
    }

    public ConnectionString parsedConnectionString() {
        return connectionString;
    }

    /** True when this account started its own emulator (closing it stops that emulator). */
    public boolean startedEmulator() {
        return emulatorLabel != null;
    }

    /** True when this is an emulator, whose figures show behaviour rather than cloud capacity. */
    public boolean isEmulator() {
        return startedEmulator() || connectionString.isDevelopmentAccount();
    }

    /** One line for logs and reports: where the storage is, never its key. */
    public String describe() {
        return (emulatorLabel != null ? emulatorLabel : "connection string") + " — " + connectionString.describeEndpoints();
    }

    public BlobServiceClient blobs() {
        if (blobs == null) {
            synchronized (this) {
                if (blobs == null) {
                    blobs = new BlobServiceClientBuilder().connectionString(connectionString())
                            .httpClient(httpClient).buildClient();
                }
            }
        }
        return blobs;
    }

    public QueueServiceClient queues() {
        if (queues == null) {
            synchronized (this) {
                if (queues == null) {
                    queues = new QueueServiceClientBuilder().connectionString(connectionString())
                            .httpClient(httpClient).buildClient();
                }
            }
        }
        return queues;
    }

    public TableServiceClient tables() {
        if (tables == null) {
            synchronized (this) {
                if (tables == null) {
                    tables = new TableServiceClientBuilder().connectionString(connectionString())
                            .httpClient(httpClient).buildClient();
                }
            }
        }
        return tables;
    }

    /**
     * The HTTP client for this account's storage clients, shared JVM-wide (one connection pool): for an account whose
     * endpoints are all plain http (an emulator on loopback) one without TLS, which spares every process start
     * loading the platform's trust store and TLS stack.
     */
    public HttpClient httpClient() {
        return httpClient;
    }

    private static boolean cleartextOnly(ConnectionString cs) {
        return cs.blobEndpoint().startsWith("http://") && cs.queueEndpoint().startsWith("http://")
                && cs.tableEndpoint().startsWith("http://");
    }

    @Override
    public void close() {
        if (emulator != null) {
            try {
                emulator.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop " + emulatorLabel + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return describe();
    }

    /**
     * The two shared clients, each in its own holder so that building one does not build the other: OkHttp builds
     * its TLS context (the trust store, the providers) eagerly unless no connection spec is TLS.
     */
    private static final class SharedCleartext {
        static final HttpClient CLIENT = buildHttpClient(new OkHttpClient.Builder()
                .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)));
    }

    private static final class SharedHttp {
        static final HttpClient CLIENT = buildHttpClient(new OkHttpClient.Builder());
    }

    // OkHttp's defaults (5 concurrent requests per host, 5 idle connections) would throttle a busy
    // worker or task hub far below what storage serves; size them for many concurrent calls.
    // TCP_NODELAY: with Nagle's algorithm on, a 16-32 KiB request body waits for the server's delayed
    // ACK, about 40 ms per upload (measured against Azurite: 45 ms instead of 2 ms).
    private static HttpClient buildHttpClient(OkHttpClient.Builder okhttp) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(256);
        dispatcher.setMaxRequestsPerHost(128);
        return new OkHttpAsyncHttpClientBuilder(okhttp.socketFactory(new NoDelaySocketFactory()).build())
                .dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
                .connectionTimeout(Duration.ofSeconds(10))
                .build();
    }
}

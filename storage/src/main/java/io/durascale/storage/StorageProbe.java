package io.durascale.storage;

import com.azure.core.exception.HttpResponseException;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.QueueServiceClientBuilder;
import io.durascale.core.cli.CliErrors;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * One request to the queue service before a command starts anything that needs storage, with a short, fixed retry
 * budget, so that an unreachable account or refused credentials is one sentence within seconds rather than a stack
 * trace after the SDK's default retries (four tries with exponential back-off: about 45 s against a closed port).
 */
public final class StorageProbe {

    /** Three tries, 5 s each at most, 0.5–2 s apart: at most about 18 s, and about 1 s for a refused connection. */
    public static final int TRIES = 3;
    public static final Duration TRY_TIMEOUT = Duration.ofSeconds(5);

    private StorageProbe() {
    }

    /**
     * @throws StorageUnavailableException naming the endpoint and the fix: exit code 3 when it does not answer,
     *     4 when it refuses the credentials
     */
    public static void check(StorageAccount account) {
        String endpoint = account.parsedConnectionString().queueEndpoint();
        QueueServiceClient queues = new QueueServiceClientBuilder().connectionString(account.connectionString())
                .httpClient(account.httpClient())
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, TRIES, (int) TRY_TIMEOUT.toSeconds(),
                        500L, 2_000L, null))
                .buildClient();
        long started = System.nanoTime();
        try {
            queues.getPropertiesWithResponse(TRY_TIMEOUT.multipliedBy(TRIES + 1), null);
        } catch (RuntimeException e) {
            long seconds = Math.max(1, Duration.ofNanos(System.nanoTime() - started).toSeconds());
            throw classify(e, endpoint, seconds);
        }
    }

    static StorageUnavailableException classify(Throwable e, String endpoint, long seconds) {
        HttpResponseException http = find(e, HttpResponseException.class);
        if (http != null && http.getResponse() != null
                && (http.getResponse().getStatusCode() == 403 || http.getResponse().getStatusCode() == 401)) {
            return new StorageUnavailableException("the storage account at " + endpoint + " refused the credentials (HTTP "
                    + http.getResponse().getStatusCode() + errorCode(http) + "): check the account name and key (or the "
                    + "SAS token) in the connection string.", CliErrors.CREDENTIALS_REFUSED, e);
        }
        String reason;
        if (find(e, UnknownHostException.class) != null) {
            reason = "its host " + host(endpoint) + " is not known (DNS)";
        } else if (find(e, ConnectException.class) != null) {
            reason = "nothing is listening at " + host(endpoint) + " (connection refused)";
        } else if (find(e, TimeoutException.class) != null || find(e, java.net.SocketTimeoutException.class) != null) {
            reason = "no answer within " + TRY_TIMEOUT.toSeconds() + " s a try";
        } else if (http != null && http.getResponse() != null) {
            reason = "HTTP " + http.getResponse().getStatusCode() + errorCode(http);
        } else {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            reason = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + firstLine(root.getMessage()));
        }
        return new StorageUnavailableException("Azure Storage at " + endpoint + " did not answer (" + reason + "; " + TRIES
                + " tries in " + seconds + " s): check the connection string and that the storage account or emulator "
                + "is running.", CliErrors.UNAVAILABLE, e);
    }

    private static String errorCode(HttpResponseException e) {
        String code = e.getResponse().getHeaderValue("x-ms-error-code");
        return code == null ? "" : " " + code;
    }

    private static String host(String endpoint) {
        try {
            URI uri = URI.create(endpoint);
            return uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        } catch (IllegalArgumentException e) {
            return endpoint;
        }
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : message;
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}

package io.durascale.pipeline.scaler;

import com.azure.core.exception.HttpResponseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a failed storage call says, for the scaler's decisions and its one-line errors. The Azure SDK wraps a
 * service's answer when a call has a timeout ({@code RuntimeException(ExecutionException(QueueStorageException))}),
 * and the Tables client throws an implementation subclass, so both are found by walking the causes to the
 * {@link HttpResponseException}.
 */
final class StorageFailures {

    private static final Pattern SECRETS = Pattern.compile("(?i)(sig|accountkey|sharedaccesssignature)=[^&;\\s\"]+");

    private StorageFailures() {
    }

    /** The service's HTTP answer, if the failure is one. */
    static Optional<HttpResponseException> response(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpResponseException http && http.getResponse() != null) {
                return Optional.of(http);
            }
        }
        return Optional.empty();
    }

    /** Whether the storage answered 404: a queue or table that does not exist. */
    static boolean isNotFound(Throwable failure) {
        return response(failure).map(http -> http.getResponse().getStatusCode() == 404).orElse(false);
    }

    /**
     * One line: the service's status and error code when it answered, else the innermost cause's first line; any
     * key or signature masked.
     */
    static String describe(Throwable failure) {
        Optional<HttpResponseException> http = response(failure);
        if (http.isPresent()) {
            String code = http.get().getResponse().getHeaderValue("x-ms-error-code");
            return "the storage answered " + http.get().getResponse().getStatusCode() + (code == null ? "" : " " + code);
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            return root.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        String first = newline > 0 ? message.substring(0, newline) : message;
        return SECRETS.matcher(root.getClass().getSimpleName() + ": " + first).replaceAll("$1=***");
    }
}

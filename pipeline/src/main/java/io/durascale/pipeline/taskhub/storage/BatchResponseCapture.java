package io.durascale.pipeline.taskhub.storage;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the raw response of a {@code $batch} request whose context carries {@link #KEY} (an
 * {@code AtomicReference<HttpResponse>}), buffered so the SDK still reads it as usual.
 */
final class BatchResponseCapture extends HttpPipelineSyncPolicy {
    static final String KEY = "durascale.batch-response";

    @Override
    @SuppressWarnings("unchecked")
    protected HttpResponse afterReceivedResponse(HttpPipelineCallContext context, HttpResponse response) {
        Object holder = context.getData(KEY).orElse(null);
        if (holder instanceof AtomicReference<?> ref && response.getRequest() != null
                && response.getRequest().getUrl().getPath().endsWith("$batch")) {
            HttpResponse buffered = response.buffer();
            ((AtomicReference<HttpResponse>) ref).set(buffered);
            return buffered;
        }
        return response;
    }

    /**
     * The ETag of each sub-response of a multipart transaction response, in order; all null
     * unless there are exactly {@code count} sub-responses.
     */
    static List<String> etags(HttpResponse response, int count) {
        List<String> none = new ArrayList<>(java.util.Collections.nCopies(count, (String) null));
        if (response == null || response.getStatusCode() != 202) {
            return none;
        }
        List<String> found = new ArrayList<>(count);
        boolean inHeaders = false;
        for (String line : response.getBodyAsBinaryData().toString().split("\r?\n")) {
            if (line.startsWith("HTTP/1.1 ")) {
                found.add(null);
                inHeaders = true;
            } else if (line.isEmpty()) {
                inHeaders = false;
            } else if (inHeaders) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("ETag")) {
                    found.set(found.size() - 1, line.substring(colon + 1).trim());
                }
            }
        }
        return found.size() == count ? found : none;
    }
}

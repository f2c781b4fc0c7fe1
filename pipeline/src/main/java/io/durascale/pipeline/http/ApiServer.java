package io.durascale.pipeline.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.durabletask.DurableTaskClient;
import com.microsoft.durabletask.NewOrchestrationInstanceOptions;
import com.microsoft.durabletask.OrchestrationMetadata;
import com.microsoft.durabletask.OrchestrationRuntimeStatus;
import com.microsoft.durabletask.OrchestrationStatusQuery;
import com.microsoft.durabletask.OrchestrationStatusQueryResult;
import com.microsoft.durabletask.PurgeInstanceCriteria;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The pipeline's HTTP API, in the shape of the Durable Functions HTTP API so the same clients
 * (and Gatling scenarios) drive a real Durable Functions app: start an orchestration, and the
 * management endpoints under {@code /runtime/webhooks/durabletask/instances}, which require the
 * host key ({@code code} query parameter or {@code x-functions-key} header). {@code
 * GET /api/status/{id}} is public and shows only id, status and result, for callers who must
 * not get management links. Bad input is a 400 with {@code {"error": "..."}}, never a 500.
 */
public final class ApiServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSTANCES = "/runtime/webhooks/durabletask/instances";

    /** How to reach the task hub, and what the management links say. */
    public record Settings(String hostKey, String taskHub, String connectionName, int retryAfterSeconds) {
        public Settings {
            if (hostKey == null || hostKey.length() < 16) {
                throw new IllegalArgumentException("the host key must be at least 16 characters");
            }
        }
    }

    private final DurableTaskClient client;
    private final Settings settings;
    private final Function<String, List<ObjectNode>> history;
    private final Javalin app;

    /**
     * @param history an instance's history as Durable Functions shows it ({@code showHistory=true}); may return null
     */
    private ApiServer(DurableTaskClient client, Settings settings, Function<String, List<ObjectNode>> history) {
        this.client = client;
        this.settings = settings;
        this.history = history;
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.http.maxRequestSize = 1_000_000L;
            // A known path with a method it does not take is 405 (with Allow), not 404.
            cfg.http.prefer405over404 = true;
            cfg.routes.post("/api/orchestrators/{name}", ctx -> start(ctx, null));
            cfg.routes.post("/api/orchestrators/{name}/{instanceId}", ctx -> start(ctx, ctx.pathParam("instanceId")));
            cfg.routes.get("/api/status/{id}", this::publicStatus);
            cfg.routes.get(INSTANCES + "/{id}", managed(this::status));
            cfg.routes.get(INSTANCES, managed(this::list));
            cfg.routes.post(INSTANCES + "/{id}/raiseEvent/{event}", managed(this::raiseEvent));
            cfg.routes.post(INSTANCES + "/{id}/terminate", managed(this::terminate));
            cfg.routes.post(INSTANCES + "/{id}/suspend", managed(this::suspend));
            cfg.routes.post(INSTANCES + "/{id}/resume", managed(this::resume));
            cfg.routes.post(INSTANCES + "/{id}/restart", managed(this::restart));
            cfg.routes.delete(INSTANCES + "/{id}", managed(this::purge));
            cfg.routes.delete(INSTANCES, managed(this::purgeMany));
            cfg.routes.get("/healthz", ctx -> ctx.result("ok"));
            ApiErrors.install(cfg);
        });
    }

    /** Starts the API on {@code host:port} (0 = a free port). */
    public static ApiServer start(DurableTaskClient client, Settings settings, Function<String, List<ObjectNode>> history,
                                  String host, int port) {
        ApiServer server = new ApiServer(client, settings, history);
        server.app.start(host, port);
        return server;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    // ---- start ----

    private void start(Context ctx, String requestedId) throws Exception {
        String name = ctx.pathParam("name");
        if (!OrchestrationStarters.known(name)) {
            throw ApiException.notFound("no orchestrator named '" + name + "' (known: "
                    + String.join(", ", OrchestrationStarters.names()) + ")");
        }
        Object input = OrchestrationStarters.input(name, ctx.queryParamMap(), ctx.body());
        NewOrchestrationInstanceOptions options = new NewOrchestrationInstanceOptions().setInput(input);
        if (requestedId != null) {
            OrchestrationMetadata existing = client.getInstanceMetadata(requestedId, false);
            if (existing.isInstanceFound() && !existing.isCompleted()) {
                throw new ApiException(409, "instance " + requestedId + " already exists and is " + statusName(existing));
            }
            options.setInstanceId(requestedId);
        }
        String id = client.scheduleNewOrchestrationInstance(name, options);
        respondAccepted(ctx, id);
    }

    private void respondAccepted(Context ctx, String id) {
        ObjectNode links = managementLinks(ctx, id);
        ctx.status(202);
        ctx.header("Location", links.get("statusQueryGetUri").asText());
        ctx.header("Retry-After", Integer.toString(settings.retryAfterSeconds()));
        ctx.json(links);
    }

    /** The Durable Functions payload of management URLs, each carrying the task hub, connection and key. */
    private ObjectNode managementLinks(Context ctx, String id) {
        String base = baseUrl(ctx) + INSTANCES + "/" + encode(id);
        String common = "taskHub=" + encode(settings.taskHub()) + "&connection=" + encode(settings.connectionName())
                + "&code=" + encode(settings.hostKey());
        ObjectNode links = JSON.createObjectNode();
        links.put("id", id);
        links.put("statusQueryGetUri", base + "?" + common);
        links.put("sendEventPostUri", base + "/raiseEvent/{eventName}?" + common);
        links.put("terminatePostUri", base + "/terminate?reason={text}&" + common);
        links.put("purgeHistoryDeleteUri", base + "?" + common);
        links.put("restartPostUri", base + "/restart?" + common);
        links.put("suspendPostUri", base + "/suspend?reason={text}&" + common);
        links.put("resumePostUri", base + "/resume?reason={text}&" + common);
        return links;
    }

    // ---- status ----

    private void status(Context ctx) {
        String id = ctx.pathParam("id");
        boolean showInput = flag(ctx, "showInput", true);
        OrchestrationMetadata instance = client.getInstanceMetadata(id, true);
        if (!instance.isInstanceFound()) {
            throw ApiException.notFound("no instance " + id);
        }
        ObjectNode body = document(instance, showInput);
        if (flag(ctx, "showHistory", false) && history != null) {
            List<ObjectNode> events = history.apply(id);
            if (events != null) {
                ArrayNode array = body.putArray("historyEvents");
                boolean outputs = flag(ctx, "showHistoryOutput", false);
                for (ObjectNode event : events) {
                    if (!outputs) {
                        event.remove("Result");
                    }
                    array.add(event);
                }
            }
        }
        ctx.status(instance.isCompleted() ? 200 : 202).json(body);
    }

    private void publicStatus(Context ctx) {
        String id = ctx.pathParam("id");
        OrchestrationMetadata instance = client.getInstanceMetadata(id, true);
        if (!instance.isInstanceFound()) {
            throw ApiException.notFound("no instance " + id);
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("id", id);
        body.put("status", statusName(instance));
        body.set("result", instance.isCompleted() ? output(instance) : null);
        ctx.status(instance.isCompleted() ? 200 : 202).json(body);
    }

    private void list(Context ctx) {
        OrchestrationStatusQuery query = new OrchestrationStatusQuery().setFetchInputsAndOutputs(flag(ctx, "showInput", false));
        String statuses = ctx.queryParam("runtimeStatus");
        if (statuses != null && !statuses.isBlank()) {
            List<OrchestrationRuntimeStatus> list = new ArrayList<>();
            for (String s : statuses.split(",")) {
                list.add(parseStatus(s.trim()));
            }
            query.setRuntimeStatusList(list);
        }
        query.setCreatedTimeFrom(instant(ctx, "createdTimeFrom"));
        query.setCreatedTimeTo(instant(ctx, "createdTimeTo"));
        if (ctx.queryParam("instanceIdPrefix") != null) {
            query.setInstanceIdPrefix(ctx.queryParam("instanceIdPrefix"));
        }
        String top = ctx.queryParam("top");
        if (top != null) {
            try {
                int n = Integer.parseInt(top);
                if (n < 1 || n > 1000) {
                    throw ApiException.badRequest("top must be between 1 and 1000, not " + n);
                }
                query.setMaxInstanceCount(n);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("top must be a whole number, not '" + top + "'");
            }
        }
        String token = ctx.header("x-ms-continuation-token");
        if (token != null && !token.isBlank()) {
            query.setContinuationToken(token);
        }
        OrchestrationStatusQueryResult result = client.queryInstances(query);
        ArrayNode body = JSON.createArrayNode();
        result.getOrchestrationState().forEach(m -> body.add(document(m, query.isFetchInputsAndOutputs())));
        if (result.getContinuationToken() != null && !result.getContinuationToken().isEmpty()) {
            ctx.header("x-ms-continuation-token", result.getContinuationToken());
        }
        ctx.json(body);
    }

    // ---- operations on one instance ----

    private void raiseEvent(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        JsonNode payload = null;
        String body = ctx.body();
        if (!body.isBlank()) {
            try {
                payload = JSON.readTree(body);
            } catch (IOException e) {
                throw ApiException.badRequest("the event payload is not valid JSON");
            }
        }
        requireRunning(id, "raise an event on");
        client.raiseEvent(id, ctx.pathParam("event"), payload);
        ctx.status(202);
    }

    private void terminate(Context ctx) {
        String id = ctx.pathParam("id");
        requireRunning(id, "terminate");
        client.terminate(id, ctx.queryParam("reason"));
        ctx.status(202);
    }

    private void suspend(Context ctx) {
        String id = ctx.pathParam("id");
        requireRunning(id, "suspend");
        client.suspendInstance(id, ctx.queryParam("reason"));
        ctx.status(202);
    }

    private void resume(Context ctx) {
        String id = ctx.pathParam("id");
        requireRunning(id, "resume");
        client.resumeInstance(id, ctx.queryParam("reason"));
        ctx.status(202);
    }

    private void restart(Context ctx) {
        String id = ctx.pathParam("id");
        OrchestrationMetadata instance = client.getInstanceMetadata(id, false);
        if (!instance.isInstanceFound()) {
            throw ApiException.notFound("no instance " + id);
        }
        if (!instance.isCompleted()) {
            throw new ApiException(409, "instance " + id + " is " + statusName(instance) + "; only finished instances restart");
        }
        String newId = client.restartInstance(id, flag(ctx, "restartWithNewInstanceId", true));
        respondAccepted(ctx, newId);
    }

    private void purge(Context ctx) {
        String id = ctx.pathParam("id");
        int deleted;
        try {
            deleted = client.purgeInstance(id).getDeletedInstanceCount();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION) {
                throw new ApiException(409, e.getStatus().getDescription());
            }
            throw e;
        }
        if (deleted == 0) {
            throw ApiException.notFound("no instance " + id);
        }
        ctx.json(JSON.createObjectNode().put("instancesDeleted", deleted));
    }

    private void purgeMany(Context ctx) throws Exception {
        PurgeInstanceCriteria criteria = new PurgeInstanceCriteria();
        Instant from = instant(ctx, "createdTimeFrom");
        if (from == null) {
            throw ApiException.badRequest("createdTimeFrom is required to purge many instances");
        }
        criteria.setCreatedTimeFrom(from);
        criteria.setCreatedTimeTo(instant(ctx, "createdTimeTo"));
        String statuses = ctx.queryParam("runtimeStatus");
        if (statuses != null && !statuses.isBlank()) {
            criteria.setRuntimeStatusList(Arrays.stream(statuses.split(",")).map(s -> parseStatus(s.trim())).toList());
        }
        int deleted = client.purgeInstances(criteria).getDeletedInstanceCount();
        ctx.json(JSON.createObjectNode().put("instancesDeleted", deleted));
    }

    private void requireRunning(String id, String what) {
        OrchestrationMetadata instance = client.getInstanceMetadata(id, false);
        if (!instance.isInstanceFound()) {
            throw ApiException.notFound("no instance " + id);
        }
        if (instance.isCompleted()) {
            throw new ApiException(410, "cannot " + what + " instance " + id + ": it is " + statusName(instance));
        }
    }

    // ---- documents ----

    private static ObjectNode document(OrchestrationMetadata m, boolean withInput) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("name", m.getName());
        doc.put("instanceId", m.getInstanceId());
        doc.put("runtimeStatus", statusName(m));
        if (withInput) {
            doc.set("input", json(m.getSerializedInput()));
        }
        doc.set("customStatus", m.isCustomStatusFetched() ? m.readCustomStatusAs(JsonNode.class) : JSON.getNodeFactory().nullNode());
        doc.set("output", output(m));
        doc.put("createdTime", m.getCreatedAt().toString());
        doc.put("lastUpdatedTime", m.getLastUpdatedAt().toString());
        return doc;
    }

    /** The output; for a failed instance, its failure message (as Durable Functions shows it). */
    private static JsonNode output(OrchestrationMetadata m) {
        if (m.getRuntimeStatus() == OrchestrationRuntimeStatus.FAILED && m.getFailureDetails() != null
                && !m.getFailureDetails().getErrorMessage().isEmpty()) {
            return JSON.getNodeFactory().textNode(m.getFailureDetails().getErrorType() + ": "
                    + m.getFailureDetails().getErrorMessage());
        }
        return json(m.getSerializedOutput());
    }

    private static JsonNode json(String serialized) {
        if (serialized == null || serialized.isEmpty()) {
            return JSON.getNodeFactory().nullNode();
        }
        try {
            return JSON.readTree(serialized);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(serialized);
        }
    }

    /** "Running", "Completed", ... as Durable Functions names them. */
    static String statusName(OrchestrationMetadata m) {
        return statusName(m.getRuntimeStatus());
    }

    static String statusName(OrchestrationRuntimeStatus status) {
        String[] words = status.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder name = new StringBuilder();
        for (String w : words) {
            name.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
        }
        return name.toString();
    }

    private static OrchestrationRuntimeStatus parseStatus(String name) {
        for (OrchestrationRuntimeStatus s : OrchestrationRuntimeStatus.values()) {
            if (statusName(s).equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw ApiException.badRequest("unknown runtime status '" + name + "' (one of Pending, Running, Completed, "
                + "ContinuedAsNew, Failed, Canceled, Terminated, Suspended)");
    }

    private static Instant instant(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant such as 2026-11-21T10:00:00Z, not '" + value + "'");
        }
    }

    private static boolean flag(Context ctx, String name, boolean fallback) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw ApiException.badRequest(name + " must be true or false, not '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    // ---- plumbing ----

    private io.javalin.http.Handler managed(io.javalin.http.Handler handler) {
        return ctx -> {
            String key = ctx.queryParam("code");
            if (key == null) {
                key = ctx.header("x-functions-key");
            }
            if (key == null || !MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
                    settings.hostKey().getBytes(StandardCharsets.UTF_8))) {
                throw new ApiException(401, "this endpoint needs the host key: the code query parameter or the "
                        + "x-functions-key header");
            }
            handler.handle(ctx);
        };
    }

    private static void error(Context ctx, int status, String message) {
        ApiErrors.error(ctx, status, message);
    }

    private static String baseUrl(Context ctx) {
        String forwarded = ctx.header("X-Forwarded-Host");
        String host = forwarded != null ? forwarded : ctx.host();
        String scheme = ctx.header("X-Forwarded-Proto") != null ? ctx.header("X-Forwarded-Proto") : ctx.scheme();
        return scheme + "://" + host;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

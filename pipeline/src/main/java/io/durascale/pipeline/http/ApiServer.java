package io.durascale.pipeline.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.durabletask.DataConverter;
import com.microsoft.durabletask.JacksonDataConverter;
import io.durascale.pipeline.taskhub.TaskHubClient;
import io.durascale.pipeline.taskhub.model.HistoryEvent;
import io.durascale.pipeline.taskhub.model.InstanceFilter;
import io.durascale.pipeline.taskhub.model.InstanceNotFinishedException;
import io.durascale.pipeline.taskhub.model.InstancePage;
import io.durascale.pipeline.taskhub.model.InstanceRecord;
import io.durascale.pipeline.taskhub.model.NewOrchestration;
import io.durascale.pipeline.taskhub.model.OrchestrationStatus;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The pipeline's HTTP API, in the shape of the Durable Functions HTTP API so the same clients
 * (and Gatling scenarios) drive a real Durable Functions app: start an orchestration, and the
 * management endpoints under {@code /runtime/webhooks/durabletask/instances}, which require the
 * host key ({@code code} query parameter or {@code x-functions-key} header). {@code
 * GET /api/status/{id}} is public and shows only id, status and result, for callers who must
 * not get management links. Bad input is a 400 with {@code {"error": "..."}}, never a 500.
 *
 * <p>It works on the task hub's storage through a {@link TaskHubClient}, as a Durable Functions app's HTTP
 * triggers use the Azure Storage provider's client: starts, events, terminate, suspend, resume and purge are
 * written straight into the hub, status and history read from its tables, so it answers while the
 * orchestration tier is scaled to zero. Payloads are serialized as the durabletask client serializes them.
 */
public final class ApiServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSTANCES = "/runtime/webhooks/durabletask/instances";

    /**
     * What the management links say, and whether {@code showHistory=true} is served.
     *
     * @param taskHub the hub's name, for the links (the client's hub)
     */
    public record Settings(String hostKey, String taskHub, String connectionName, int retryAfterSeconds, boolean history) {
        public Settings {
            if (hostKey == null || hostKey.length() < 16) {
                throw new IllegalArgumentException("the host key must be at least 16 characters");
            }
        }
    }

    /** The durabletask client's serialization of inputs, event data and termination output. */
    private static final DataConverter PAYLOADS = new JacksonDataConverter();

    private final TaskHubClient client;
    private final Settings settings;
    private final Javalin app;

    private ApiServer(TaskHubClient client, Settings settings) {
        this.client = client;
        this.settings = settings;
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
    public static ApiServer start(TaskHubClient client, Settings settings, String host, int port) {
        ApiServer server = new ApiServer(client, settings);
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
        if (requestedId != null) {
            InstanceRecord existing = client.get(requestedId);
            if (existing != null && !StatusDocuments.isCompleted(existing)) {
                throw new ApiException(409, "instance " + requestedId + " already exists and is "
                        + StatusDocuments.statusName(existing.status()));
            }
        }
        String id = client.start(new NewOrchestration(requestedId == null ? "" : requestedId, name, null,
                PAYLOADS.serialize(input), null));
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
        InstanceRecord instance = client.get(id);
        if (instance == null) {
            throw ApiException.notFound("no instance " + id);
        }
        ObjectNode body = StatusDocuments.document(instance, showInput);
        if (flag(ctx, "showHistory", false) && settings.history()) {
            List<HistoryEvent> events = client.history(id);
            if (events != null) {
                ArrayNode array = body.putArray("historyEvents");
                StatusDocuments.history(events, flag(ctx, "showHistoryOutput", false)).forEach(array::add);
            }
        }
        ctx.status(StatusDocuments.isCompleted(instance) ? 200 : 202).json(body);
    }

    private void publicStatus(Context ctx) {
        String id = ctx.pathParam("id");
        InstanceRecord instance = client.get(id);
        if (instance == null) {
            throw ApiException.notFound("no instance " + id);
        }
        boolean completed = StatusDocuments.isCompleted(instance);
        ObjectNode body = JSON.createObjectNode();
        body.put("id", id);
        body.put("status", StatusDocuments.statusName(instance.status()));
        body.set("result", completed ? StatusDocuments.output(instance) : null);
        ctx.status(completed ? 200 : 202).json(body);
    }

    private void list(Context ctx) {
        boolean withInput = flag(ctx, "showInput", false);
        InstanceFilter filter = new InstanceFilter(statuses(ctx), instant(ctx, "createdTimeFrom"), instant(ctx, "createdTimeTo"),
                ctx.queryParam("instanceIdPrefix"));
        int pageSize = 100; // the durabletask client's default page
        String top = ctx.queryParam("top");
        if (top != null) {
            try {
                pageSize = Integer.parseInt(top);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("top must be a whole number, not '" + top + "'");
            }
            if (pageSize < 1 || pageSize > 1000) {
                throw ApiException.badRequest("top must be between 1 and 1000, not " + pageSize);
            }
        }
        String token = ctx.header("x-ms-continuation-token");
        InstancePage page = client.query(filter, pageSize, token == null || token.isBlank() ? null : token, withInput);
        ArrayNode body = JSON.createArrayNode();
        page.instances().forEach(m -> body.add(StatusDocuments.document(m, withInput)));
        if (page.continuationToken() != null && !page.continuationToken().isEmpty()) {
            ctx.header("x-ms-continuation-token", page.continuationToken());
        }
        ctx.json(body);
    }

    /** The {@code runtimeStatus} parameter's statuses (comma-separated); empty when it names none. */
    private static Set<OrchestrationStatus> statuses(Context ctx) {
        Set<OrchestrationStatus> set = EnumSet.noneOf(OrchestrationStatus.class);
        String statuses = ctx.queryParam("runtimeStatus");
        if (statuses != null && !statuses.isBlank()) {
            for (String s : statuses.split(",")) {
                set.add(StatusDocuments.parseStatus(s.trim()));
            }
        }
        return set;
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
        client.raiseEvent(id, ctx.pathParam("event"), PAYLOADS.serialize(payload));
        ctx.status(202);
    }

    private void terminate(Context ctx) {
        String id = ctx.pathParam("id");
        requireRunning(id, "terminate");
        client.terminate(id, PAYLOADS.serialize(ctx.queryParam("reason")));
        ctx.status(202);
    }

    private void suspend(Context ctx) {
        String id = ctx.pathParam("id");
        requireRunning(id, "suspend");
        client.suspend(id, ctx.queryParam("reason"));
        ctx.status(202);
    }

    private void resume(Context ctx) {
        String id = ctx.pathParam("id");
        requireRunning(id, "resume");
        client.resume(id, ctx.queryParam("reason"));
        ctx.status(202);
    }

    private void restart(Context ctx) {
        String id = ctx.pathParam("id");
        InstanceRecord instance = client.get(id);
        if (instance == null) {
            throw ApiException.notFound("no instance " + id);
        }
        if (!StatusDocuments.isCompleted(instance)) {
            throw new ApiException(409, "instance " + id + " is " + StatusDocuments.statusName(instance.status())
                    + "; only finished instances restart");
        }
        String newId = client.restart(id, flag(ctx, "restartWithNewInstanceId", true));
        respondAccepted(ctx, newId);
    }

    private void purge(Context ctx) {
        String id = ctx.pathParam("id");
        int deleted;
        try {
            deleted = client.purge(id);
        } catch (InstanceNotFinishedException e) {
            throw new ApiException(409, e.getMessage());
        }
        if (deleted == 0) {
            throw ApiException.notFound("no instance " + id);
        }
        ctx.json(JSON.createObjectNode().put("instancesDeleted", deleted));
    }

    private void purgeMany(Context ctx) {
        Instant from = instant(ctx, "createdTimeFrom");
        if (from == null) {
            throw ApiException.badRequest("createdTimeFrom is required to purge many instances");
        }
        Instant to = instant(ctx, "createdTimeTo");
        // No status means every finished one; the unfinished statuses it names select nothing.
        int deleted = client.purge(new InstanceFilter(statuses(ctx), from, to, null));
        ctx.json(JSON.createObjectNode().put("instancesDeleted", deleted));
    }

    private void requireRunning(String id, String what) {
        InstanceRecord instance = client.get(id);
        if (instance == null) {
            throw ApiException.notFound("no instance " + id);
        }
        if (StatusDocuments.isCompleted(instance)) {
            throw new ApiException(410, "cannot " + what + " instance " + id + ": it is "
                    + StatusDocuments.statusName(instance.status()));
        }
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

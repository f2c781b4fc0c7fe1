package io.durascale.pipeline.http;

import com.azure.core.exception.AzureException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.durascale.pipeline.taskhub.model.InstanceExistsException;
import io.durascale.pipeline.taskhub.model.InstanceNotFinishedException;
import io.durascale.pipeline.taskhub.model.InstanceNotFoundException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error answer of the API as {@code {"error": "..."}} with its status: the API's own ({@link ApiException}),
 * the task hub's refusals (no such instance, one already running, one not finished), storage that does not answer,
 * a request whose body cannot be read, Javalin's unmatched routes and methods, and Jetty's answers to requests it
 * rejects before any route runs ({@link JsonErrorHandler}). Never a 5xx for a client's mistake.
 */
final class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiErrors() {
    }

    static void install(JavalinConfig cfg) {
        cfg.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status, e.getMessage()));
        cfg.routes.exception(InstanceNotFoundException.class, (e, ctx) -> error(ctx, 404, e.getMessage()));
        cfg.routes.exception(InstanceExistsException.class, (e, ctx) -> error(ctx, 409, e.getMessage()));
        cfg.routes.exception(InstanceNotFinishedException.class, (e, ctx) -> error(ctx, 409, e.getMessage()));
        cfg.routes.exception(Exception.class, (e, ctx) -> {
            if (fromStorage(e)) {
                log.warn("request {} {}: the task hub's storage failed: {}", ctx.method(), ctx.path(), e.toString());
                error(ctx, 503, "the task hub's storage is not reachable; try again shortly");
                return;
            }
            if (unreadableRequest(e)) {
                // The client's bytes, not our code: a truncated or malformed body (bad chunking, an early EOF).
                error(ctx, 400, "the request could not be read: " + firstLine(e));
                return;
            }
            log.warn("request {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal error: " + e.getClass().getSimpleName());
        });
        // A 404 or 400 our own handlers answered is JSON already; Javalin's own ("Endpoint GET /x not found", plain
        // text) is replaced; Jetty's (before routing) goes through JsonErrorHandler.
        cfg.routes.error(404, ctx -> {
            if (!isJson(ctx)) {
                error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path());
            }
        });
        cfg.routes.error(405, ctx -> error(ctx, 405, "method " + ctx.method() + " is not allowed on " + ctx.path()));
        cfg.routes.error(400, ctx -> {
            if (!isJson(ctx)) {
                error(ctx, 400, "bad request: " + ctx.method() + " " + ctx.path());
            }
        });
        cfg.routes.error(413, ctx -> error(ctx, 413, "the request body is larger than 1,000,000 bytes"));
        cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
        cfg.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorHandler()));
    }

    static void error(Context ctx, int status, String message) {
        ctx.status(status).json(JSON.createObjectNode().put("error", message == null ? "error" : message));
    }

    /**
     * Whether a call to the task hub's storage failed (an error answer, or no answer: the Azure SDK's exceptions,
     * or any failure thrown from inside it), as opposed to reading the client's request.
     */
    private static boolean fromStorage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AzureException) {
                return true;
            }
        }
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith("com.azure.")) {
                return true;
            }
        }
        return false;
    }

    /** Whether reading the request failed on the client's bytes (Jetty's bad-message and EOF exceptions, any I/O error). */
    private static boolean unreadableRequest(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof org.eclipse.jetty.http.BadMessageException) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        int newline = message.indexOf('\n');
        return newline > 0 ? message.substring(0, newline) : message;
    }

    private static boolean isJson(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith("application/json") && ctx.result() != null && !ctx.result().isEmpty();
    }
}

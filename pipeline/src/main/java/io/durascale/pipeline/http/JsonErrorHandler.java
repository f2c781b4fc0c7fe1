package io.durascale.pipeline.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers as the API's: {@code {"error": "..."}} with the status Jetty chose, whatever the client
 * accepts. Jetty answers before any route runs for a request it cannot parse or will not route — a malformed or
 * ambiguous URI ({@code %00} in a path: 400), a URI too long (414), headers too large (431), a bad request line —
 * and by default it writes an HTML page. Installed on the server (parse-time errors, {@link #badMessageError}) and on
 * the servlet context (errors the servlet layer raises).
 */
final class JsonErrorHandler extends ErrorHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpField CONTENT_TYPE = new HttpField(HttpHeader.CONTENT_TYPE, "application/json");

    /** Jetty writes an error body only for GET, POST and HEAD by default: the API's DELETE answers need one too. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        if (code == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505) {
            // A request line with a version we do not speak is a malformed request: the client's error, not ours
            // (RFC 9112 lets a server answer 505 but does not require it).
            code = HttpStatus.BAD_REQUEST_400;
            message = "unsupported HTTP version: send HTTP/1.1";
            response.setStatus(code);
        }
        response.getHeaders().put(CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(CONTENT_TYPE);
        return ByteBuffer.wrap(body(status, reason));
    }

    static byte[] body(int status, String message) {
        String text = message == null || message.isBlank() ? HttpStatus.getMessage(status) : message;
        String error = HttpStatus.getMessage(status) + (text.equals(HttpStatus.getMessage(status)) ? "" : ": " + text);
        return JSON.createObjectNode().put("error", error).toString().getBytes(StandardCharsets.UTF_8);
    }
}

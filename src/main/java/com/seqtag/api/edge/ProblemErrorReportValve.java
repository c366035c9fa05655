package com.seqtag.api.edge;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's error report for requests it refuses before the application sees them (a path with an
 * encoded {@code /} or NUL, {@code ..} segments above the root, an unparsable request line or
 * headers): RFC 9457 {@code application/problem+json} like every other error of the API, instead of
 * Tomcat's HTML page. Never reveals the server, its version or a stack trace.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String json = "{\"type\":\"about:blank\",\"title\":\"" + escape(title) + "\",\"status\":" + status
                + ",\"detail\":\"" + escape(detail(status, request)) + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the response cannot be written: nothing more to do.
        }
    }

    /** What the client did wrong, as far as the raw request line tells. */
    static String detail(int status, Request request) {
        String uri = String.valueOf(request.getRequestURI()).toLowerCase(Locale.ROOT);
        if (status != 400) {
            return "the server refused the request (" + status + ")";
        }
        if (uri.contains("%2f") || uri.contains("%5c")) {
            return "the path contains an encoded slash or backslash (%2F, %5C), which is refused; "
                    + "job ids and model versions never contain one";
        }
        if (uri.contains("%00")) {
            return "the path contains an encoded NUL character (%00), which is refused";
        }
        if (uri.contains("..") || uri.contains("%2e")) {
            return "the path contains \"..\" segments leading outside the server's routes";
        }
        return "the request could not be parsed: its request line or headers are malformed, or the headers are "
                + "larger than server.max-http-request-header-size (8KB by default)";
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c < 0x20) {
                escaped.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}

package com.seqtag.api.edge;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Cuts a request whose body is still arriving after {@code seqtag.http.max-body-read-time}: Tomcat's
 * connection timeout bounds each wait for the next bytes, but a client trickling a byte just
 * inside it could otherwise hold a server thread for as long as it likes. The client gets 408
 * problem+json and the connection is closed.
 */
public class BodyReadDeadlineFilter extends OncePerRequestFilter {

    private final Duration maxBodyReadTime;

    public BodyReadDeadlineFilter(Duration maxBodyReadTime) {
        this.maxBodyReadTime = maxBodyReadTime;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long deadline = System.nanoTime() + maxBodyReadTime.toNanos();
        chain.doFilter(new DeadlineRequest(request, deadline, maxBodyReadTime), response);
    }

    /** A request whose body stream refuses to read past the deadline. */
    private static final class DeadlineRequest extends HttpServletRequestWrapper {

        private final long deadline;
        private final Duration limit;
        private ServletInputStream stream;

        DeadlineRequest(HttpServletRequest request, long deadline, Duration limit) {
            super(request);
            this.deadline = deadline;
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new DeadlineStream(super.getInputStream(), this);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }

    /** Delegates every read, first checking the request's deadline. */
    private static final class DeadlineStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final DeadlineRequest request;

        DeadlineStream(ServletInputStream delegate, DeadlineRequest request) {
            this.delegate = delegate;
            this.request = request;
        }

        private void checkDeadline() {
            if (System.nanoTime() - request.deadline > 0) {
                throw new ApiException(HttpStatus.REQUEST_TIMEOUT, "Request body too slow",
                        "the request body was still arriving after " + request.limit.toMillis()
                                + " ms (seqtag.http.max-body-read-time); send it faster or in smaller requests");
            }
        }

        @Override
        public int read() throws IOException {
            checkDeadline();
            return delegate.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            checkDeadline();
            return delegate.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}

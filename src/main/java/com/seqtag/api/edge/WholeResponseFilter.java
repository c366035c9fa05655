package com.seqtag.api.edge;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Sends an API answer whole, with {@code Content-Length}, in one write once it is complete.
 *
 * <p>Without it Jackson flushes the JSON as soon as it is written, so Tomcat commits the answer as
 * chunked: headers and body in one write, the closing empty chunk in a later one. A replica killed
 * between the two (a crash, {@code kill -9}, an OOM kill) leaves the client an answer cut short,
 * and a load balancer cannot retry it elsewhere because it has already passed the headers on
 * ({@code ReplicasIT} met this behind HAProxy). Written whole, an answer is either all sent or
 * not started, and a request that got nothing is retried on another replica. The answers are small
 * (the body limits bound them), so holding one in memory until it is complete costs little.
 */
public class WholeResponseFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper whole = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, whole);
        } finally {
            whole.copyBodyToResponse();
        }
    }
}

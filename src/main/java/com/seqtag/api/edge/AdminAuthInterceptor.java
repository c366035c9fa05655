package com.seqtag.api.edge;

import com.seqtag.config.SeqtagProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Guards {@code /admin/**}: 404 when no admin token is configured (the endpoints do not exist),
 * 401 when the bearer token is missing or wrong. Tokens are compared by their SHA-256 digests
 * with {@link MessageDigest#isEqual}, so the time taken reveals neither content nor length, and
 * they are never logged.
 */
public class AdminAuthInterceptor implements HandlerInterceptor {

    private static final String BEARER = "Bearer ";

    private final byte[] expectedDigest;

    public AdminAuthInterceptor(SeqtagProperties.Admin admin) {
        this.expectedDigest = admin.enabled() ? sha256(admin.token()) : null;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (expectedDigest == null) {
            throw new ApiException(HttpStatus.NOT_FOUND, "Not found",
                    "admin endpoints are disabled on this server (seqtag.admin.token is not set)");
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new AdminAuthenticationException("send the admin token as \"Authorization: Bearer <token>\"");
        }
        byte[] given = sha256(header.substring(BEARER.length()).strip());
        if (!MessageDigest.isEqual(given, expectedDigest)) {
            throw new AdminAuthenticationException("the bearer token is not the admin token");
        }
        return true;
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** A missing or wrong admin token: 401 with a {@code WWW-Authenticate: Bearer} challenge. */
    public static class AdminAuthenticationException extends RuntimeException {
        public AdminAuthenticationException(String message) {
            super(message);
        }
    }
}

package com.seqtag.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on how long one HTTP client may hold a server thread, under {@code seqtag.http.}.
 *
 * @param maxBodyReadTime longest reading a request body may take, counted from the request's
 *                        arrival; a client still sending after it gets 408 and its connection is
 *                        closed, so trickling a body one byte at a time cannot hold a thread for
 *                        longer than this plus {@code server.tomcat.connection-timeout}
 */
@Validated
@ConfigurationProperties(prefix = "seqtag.http")
public record HttpLimitsProperties(@DefaultValue("30s") @NotNull Duration maxBodyReadTime) {

    public HttpLimitsProperties {
        if (maxBodyReadTime != null && (maxBodyReadTime.isNegative() || maxBodyReadTime.isZero())) {
            throw new IllegalArgumentException("seqtag.http.max-body-read-time must be positive, was " + maxBodyReadTime);
        }
    }
}

package com.seqtag.config;

import com.seqtag.api.BodyReadDeadlineFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Puts the per-client limits of {@link HttpLimitsProperties} in front of every route. */
@Configuration(proxyBeanMethods = false)
public class HttpLimitsConfiguration {

    @Bean
    FilterRegistrationBean<BodyReadDeadlineFilter> bodyReadDeadlineFilter(HttpLimitsProperties limits) {
        FilterRegistrationBean<BodyReadDeadlineFilter> registration =
                new FilterRegistrationBean<>(new BodyReadDeadlineFilter(limits.maxBodyReadTime()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}

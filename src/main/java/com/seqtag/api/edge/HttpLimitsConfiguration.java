package com.seqtag.api.edge;

import com.seqtag.config.HttpLimitsProperties;
import com.seqtag.config.SeqtagProperties;
import jakarta.servlet.MultipartConfigElement;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * Puts the per-client limits of {@link HttpLimitsProperties} in front of every route, sizes
 * multipart uploads after {@code seqtag.training.max-upload}, and sends the API's answers whole.
 */
@Configuration(proxyBeanMethods = false)
public class HttpLimitsConfiguration {

    /** Multipart limits follow seqtag.training.max-upload: per file, and both files plus form fields per request. */
    @Bean
    MultipartConfigElement multipartConfigElement(SeqtagProperties properties) {
        long perFile = properties.training().maxUpload().toBytes();
        long perRequest = 2 * perFile + DataSize.ofMegabytes(1).toBytes();
        return new MultipartConfigElement(null, perFile, perRequest, (int) DataSize.ofMegabytes(1).toBytes());
    }

    @Bean
    FilterRegistrationBean<BodyReadDeadlineFilter> bodyReadDeadlineFilter(HttpLimitsProperties limits) {
        FilterRegistrationBean<BodyReadDeadlineFilter> registration =
                new FilterRegistrationBean<>(new BodyReadDeadlineFilter(limits.maxBodyReadTime()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** The API's answers sent whole, with Content-Length: never cut short by a replica's death (see the filter). */
    @Bean
    FilterRegistrationBean<WholeResponseFilter> wholeResponseFilter() {
        FilterRegistrationBean<WholeResponseFilter> registration = new FilterRegistrationBean<>(new WholeResponseFilter());
        registration.addUrlPatterns("/tag", "/tag/*", "/hf/*", "/model", "/admin/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }
}

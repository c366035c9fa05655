package com.seqtag.api.edge;

import com.seqtag.config.SeqtagProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Puts the admin token check in front of every {@code /admin/**} route. */
@Configuration(proxyBeanMethods = false)
public class AdminWebConfiguration implements WebMvcConfigurer {

    private final SeqtagProperties properties;

    public AdminWebConfiguration(SeqtagProperties properties) {
        this.properties = properties;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new AdminAuthInterceptor(properties.admin())).addPathPatterns("/admin/**");
    }
}

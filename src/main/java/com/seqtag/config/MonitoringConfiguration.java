package com.seqtag.config;

import com.seqtag.monitoring.ServiceMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Provides the {@link ServiceMetrics} the tagging and training beans report to. The registry is
 * Spring Boot's (Prometheus in the service; a simple in-memory one in tests without export).
 */
@Configuration(proxyBeanMethods = false)
public class MonitoringConfiguration {

    @Bean
    ServiceMetrics serviceMetrics(MeterRegistry meterRegistry) {
        return new ServiceMetrics(meterRegistry);
    }
}

package com.seqtag.api;

import com.seqtag.config.SeqtagProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans the controllers share: the document rules every tagging route applies. */
@Configuration(proxyBeanMethods = false)
public class ApiConfiguration {

    @Bean
    DocumentRules documentRules(SeqtagProperties properties) {
        return DocumentRules.of(properties);
    }
}

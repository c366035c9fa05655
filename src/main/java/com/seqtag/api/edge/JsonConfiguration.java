package com.seqtag.api.edge;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.seqtag.config.SeqtagProperties;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Strict JSON reading: a number or boolean where the API expects a string is an error, not
 * silently turned into text ({"text": 42} would otherwise tag the string "42"). Request bodies are
 * also bounded while they are parsed, before any field is checked: no JSON string may be longer
 * than the longest field the API accepts, and nesting stops at {@link #MAX_NESTING_DEPTH} levels.
 */
@Configuration(proxyBeanMethods = false)
public class JsonConfiguration {

    /** Deepest JSON nesting a request may have (Jackson's default); the API itself needs three levels. */
    public static final int MAX_NESTING_DEPTH = 1000;

    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictScalars(SeqtagProperties properties) {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxStringLength(maxStringLength(properties))
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .build();
        return builder -> builder.postConfigurer(mapper -> {
            mapper.getFactory().setStreamReadConstraints(constraints);
            mapper.coercionConfigFor(LogicalType.Textual)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        });
    }

    /**
     * The longest JSON string any request needs: a text ({@code seqtag.max-text-chars}) or a CoNLL
     * upload sent as JSON ({@code seqtag.training.max-upload}, bytes, so at least as many as its
     * characters). A longer string is refused while it is read (413) instead of being held in memory first.
     */
    static int maxStringLength(SeqtagProperties properties) {
        long longest = Math.max(properties.maxTextChars(), properties.training().maxUpload().toBytes());
        return (int) Math.min(Integer.MAX_VALUE - 16, longest);
    }
}

package com.seqtag.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document: the title and description Swagger UI shows above the endpoints, and its schemas. */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    static {
        // Fields read as raw JSON (Hugging Face's "inputs": a string or an array) declare their own
        // oneOf; without this springdoc would describe Jackson's JsonNode class instead.
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new JsonSchema());
    }

    /**
     * A property declared as "one of" several shapes must not also claim one type: swagger-core adds
     * {@code "type": "object"} to such a property (Hugging Face's {@code inputs}, a string or an
     * array), which would tell generated clients to send an object.
     */
    @Bean
    OpenApiCustomizer oneOfWithoutType() {
        return openApi -> {
            if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
                return;
            }
            for (Schema<?> schema : openApi.getComponents().getSchemas().values()) {
                if (schema.getProperties() == null) {
                    continue;
                }
                for (Schema<?> property : schema.getProperties().values()) {
                    if (property.getOneOf() != null && !property.getOneOf().isEmpty()) {
                        property.setType(null);
                        property.setTypes(null);
                    }
                }
            }
        };
    }

    @Bean
    OpenAPI seqtagOpenApi() {
        return new OpenAPI().info(new Info()
                .title("SeqTag named-entity recognition")
                .version("0.1")
                .description("""
                        Tags text with named entities using a bidirectional LSTM. `POST /tag` returns every \
                        token with its IOB2 label (B-PER, I-ORG, O, ...), the label's probability, character \
                        offsets (UTF-16 code units, or code points with `"offsetUnit": "codepoint"`) and whether \
                        the word was unknown to the model (UNK), plus the entity spans. `POST /tag/batch` tags \
                        many documents in one request; `POST /hf/token-classification` answers as the Hugging \
                        Face Inference API does. The bundled model knows PER, ORG, LOC and MISC (CoNLL-2003). \
                        Errors are RFC 9457 problem+json."""));
    }
}

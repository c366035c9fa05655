package com.seqtag.api.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.seqtag.registry.ModelRegistry;
import com.seqtag.store.ModelManifest;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document: the title and description Swagger UI shows above the endpoints (with the
 * entity types of the model active when the page is loaded; springdoc's cache is off so a swap
 * shows at once), the admin security scheme, and schema fixes.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    private static final String DESCRIPTION = """
            Tags text with named entities using a bidirectional LSTM. `POST /tag` returns every \
            token with its IOB2 label (B-PER, I-ORG, O, ...), the label's probability, character \
            offsets (UTF-16 code units, or code points with `"offsetUnit": "codepoint"`) and whether \
            the word was unknown to the model (UNK), plus the entity spans. `POST /tag/batch` tags \
            many documents in one request; `POST /hf/token-classification` answers as the Hugging \
            Face Inference API does. The bundled model knows PER, ORG, LOC and MISC (CoNLL-2003); \
            `GET /model` tells which types the active model knows (a retrain on custom data changes \
            them). The Admin endpoints retrain the model in the background and swap it in without \
            downtime; they need the bearer token `seqtag.admin.token`. Errors are RFC 9457 problem+json.""";

    static {
        // Fields read as raw JSON (Hugging Face's "inputs": a string or an array) declare their own
        // oneOf; without this springdoc would describe Jackson's JsonNode class instead.
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new JsonSchema());
    }

    @Bean
    OpenAPI seqtagOpenApi() {
        return new OpenAPI()
                .components(new Components().addSecuritySchemes("adminToken", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description("The token set in seqtag.admin.token (admin endpoints are disabled without it).")))
                .info(new Info()
                        .title("SeqTag named-entity recognition")
                        .version("0.1")
                        .description(DESCRIPTION));
    }

    @Bean
    ProblemResponses problemResponses() {
        return new ProblemResponses();
    }

    @Bean
    OpenApiCustomizer activeModelTypes(ModelRegistry registry) {
        return openApi -> {
            String description = DESCRIPTION;
            if (registry.isReady()) {
                ModelManifest active = registry.active().manifest();
                description += "\n\n**Active model:** `" + active.version() + "`, entity types: "
                        + String.join(", ", active.entityTypes()) + ".";
            }
            openApi.getInfo().setDescription(description);
        };
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
}

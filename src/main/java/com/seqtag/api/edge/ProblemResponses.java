package com.seqtag.api.edge;

import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocAnnotationsUtils;
import org.springframework.http.ProblemDetail;
import org.springframework.web.method.HandlerMethod;

/**
 * Says once, for the whole OpenAPI document, what every error answer looks like: each response
 * with a 4xx or 5xx code gets an {@code application/problem+json} body of the {@code ProblemDetail}
 * schema, so controllers declare an error by its code and description alone; routes marked
 * {@link ModelRoute} also get their shared 415 and 503.
 */
final class ProblemResponses implements OperationCustomizer, OpenApiCustomizer {

    private static final String SCHEMA_PREFIX = "#/components/schemas/";
    private static final String PROBLEM_SCHEMA = SCHEMA_PREFIX + "ProblemDetail";

    @Override
    public Operation customize(Operation operation, HandlerMethod handlerMethod) {
        ApiResponses responses = operation.getResponses();
        if (responses == null) {
            return operation;
        }
        if (handlerMethod.hasMethodAnnotation(ModelRoute.class)) {
            responses.computeIfAbsent("415", code -> new ApiResponse().description("Content type is not application/json"));
            responses.computeIfAbsent("503", code -> new ApiResponse().description("The model is still loading"));
        }
        responses.forEach((code, response) -> {
            if (isError(code)) {
                response.setContent(new Content().addMediaType(
                        org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                        new MediaType().schema(new Schema<>().$ref(PROBLEM_SCHEMA))));
            }
        });
        return operation;
    }

    /**
     * Registers the {@code ProblemDetail} schema the error responses refer to, and drops the schemas
     * nothing refers to any more: springdoc describes an error response without content by the
     * route's return type first, and those schemas are orphaned once the problem body replaces it.
     */
    @Override
    public void customise(OpenAPI openApi) {
        // springdoc's own resolution, so the schema reads exactly as when an annotation names the class.
        SpringDocAnnotationsUtils.extractSchema(openApi.getComponents(), ProblemDetail.class, null, null,
                openApi.getSpecVersion());
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        boolean removed = true;
        while (removed && schemas != null) {
            String used = Json.pretty(openApi.getPaths()) + Json.pretty(schemas.values());
            removed = schemas.keySet().removeIf(name -> !used.contains("\"" + SCHEMA_PREFIX + name + "\""));
        }
    }

    private static boolean isError(String code) {
        return code.length() == 3 && (code.charAt(0) == '4' || code.charAt(0) == '5');
    }
}

package com.seqtag.api.edge;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a route that takes JSON and is answered by the active model, so the OpenAPI document lists
 * the two errors every such route shares: 415 (the body is not JSON) and 503 (the model is still
 * loading). Added by {@link ProblemResponses}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ModelRoute {
}

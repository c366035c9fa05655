/**
 * The HTTP edge around the controllers: every path by which an error becomes problem+json (the
 * exception advice, the error page, Tomcat's own refusals), the per-client limits, the admin token
 * check and the OpenAPI document's shared parts.
 */
package com.seqtag.api.edge;

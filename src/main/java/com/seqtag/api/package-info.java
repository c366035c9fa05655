/**
 * The HTTP API: thin controllers that validate (against the shared {@code DocumentRules}) and
 * translate, their request and response records, and the Hugging Face route's token grouping.
 */
package com.seqtag.api;

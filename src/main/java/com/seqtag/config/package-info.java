/**
 * Typed configuration ({@code seqtag.*} records, validated) and the wiring of the plain classes of
 * the lower packages into Spring beans. HTTP wiring lives in {@code api.edge}, not here.
 */
package com.seqtag.config;

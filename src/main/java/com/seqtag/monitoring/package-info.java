/**
 * Turns what the service does into Micrometer meters (scraped at {@code /actuator/prometheus}):
 * tagging volume, forward-pass batch sizes, the inference queue's depth, the active model and
 * training jobs. The only package that knows Micrometer; the others report through plain listeners.
 */
package com.seqtag.monitoring;

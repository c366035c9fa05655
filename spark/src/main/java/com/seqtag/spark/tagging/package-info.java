/**
 * Tagging DataFrames with the service's own tagging path: finding and checking the model on the
 * driver, loading it once per executor, the entity columns, and the Spark ML {@code Transformer}.
 */
package com.seqtag.spark.tagging;

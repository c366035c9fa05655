/**
 * What our own DL4J layers ({@code model.crf}, {@code model.gru}) share: wiring a working layer
 * into DL4J's network the way its built-in layers are wired.
 */
package com.seqtag.model.layers;

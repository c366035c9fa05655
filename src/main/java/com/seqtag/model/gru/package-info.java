/**
 * A gated recurrent unit (GRU) layer for DL4J, which has none: its configuration, parameter
 * layout and a hand-written forward pass and backpropagation through time.
 */
package com.seqtag.model.gru;

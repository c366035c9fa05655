/** Trains taggers and measures them: the training loop, conlleval-style evaluation, progress. */
package com.seqtag.training;

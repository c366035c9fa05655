/**
 * The training library the command line, the retrain jobs and the Spark module share: plans, the
 * training loop with weight averaging (its epochs' updates run by an {@code EpochFitter}: in
 * process, or data-parallel on Spark), ensembles and distillation, conlleval-style evaluation,
 * calibration and curves.
 */
package com.seqtag.training;

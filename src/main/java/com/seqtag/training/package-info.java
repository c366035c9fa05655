/**
 * The training library the command line, the retrain jobs and (later) Spark share: plans, the
 * training loop with weight averaging, conlleval-style evaluation, calibration and curves.
 */
package com.seqtag.training;

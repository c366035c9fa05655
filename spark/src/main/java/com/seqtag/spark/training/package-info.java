/** Running the training loop's epochs data-parallel on a Spark cluster (DL4J's parameter averaging). */
package com.seqtag.spark.training;

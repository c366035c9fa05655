/**
 * SeqTag on Apache Spark: the two jobs {@code spark-submit} runs, {@link com.seqtag.spark.TagCorpus}
 * (bulk tagging) and {@link com.seqtag.spark.TrainOnSpark} (distributed training), and the corpus formats they read and write.
 */
package com.seqtag.spark;

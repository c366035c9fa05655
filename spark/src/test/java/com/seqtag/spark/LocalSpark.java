package com.seqtag.spark;

import org.apache.spark.sql.SparkSession;

/** A local Spark for the tests of this JVM: two cores, no web UI, few shuffle partitions. */
public final class LocalSpark {

    private LocalSpark() {
    }

    /** The session, created on first use; jobs that stop it get a new one next time. */
    public static SparkSession session() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("seqtag-tests")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }
}

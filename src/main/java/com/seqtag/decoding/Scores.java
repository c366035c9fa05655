package com.seqtag.decoding;

/** How scores are given to callers, by the API and the Spark jobs alike. */
public final class Scores {

    private Scores() {
    }

    /** Rounded to six decimals: more digits would only be noise. */
    public static double rounded(double score) {
        return Math.round(score * 1e6) / 1e6;
    }
}

package com.seqtag.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the benchmarks find the CoNLL-2003 splits and keep what they build, from system properties. */
public final class BenchPaths {

    /** System property naming the valid split. */
    public static final String VALID = "seqtag.bench.valid";
    /** System property naming the train split (only used to train the OpenNLP baseline). */
    public static final String TRAIN = "seqtag.bench.train";
    /** System property naming the directory for trained baseline models. */
    public static final String CACHE = "seqtag.bench.cache";

    private BenchPaths() {
    }

    /** The valid split: {@code -Dseqtag.bench.valid}, else {@code ../shared/datasets/conll2003/valid.txt}. */
    public static Path valid() {
        return existing(VALID, "../shared/datasets/conll2003/valid.txt");
    }

    /** The train split: {@code -Dseqtag.bench.train}, else {@code ../shared/datasets/conll2003/train.txt}. */
    public static Path train() {
        return existing(TRAIN, "../shared/datasets/conll2003/train.txt");
    }

    /** Where trained baseline models are cached: {@code -Dseqtag.bench.cache}, else {@code target/bench-cache}. */
    public static Path cache() {
        return Path.of(System.getProperty(CACHE, "target/bench-cache"));
    }

    private static Path existing(String property, String fallback) {
        Path path = Path.of(System.getProperty(property, fallback));
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("no CoNLL file at " + path.toAbsolutePath()
                    + "; set -D" + property + "=PATH (the corpus may not be redistributed, so it is not in the repo)");
        }
        return path;
    }
}

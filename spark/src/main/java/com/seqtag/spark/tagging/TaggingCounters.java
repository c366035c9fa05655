package com.seqtag.spark.tagging;

import java.io.Serializable;
import java.util.Locale;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * What a tagging job did, summed over the executors: documents, tokens, entities and errors. A task
 * Spark runs twice (after a lost executor) counts twice: the figures are for reports, not accounting.
 */
public final class TaggingCounters implements Serializable {

    private static final long serialVersionUID = 1L;

    private final LongAccumulator documents;
    private final LongAccumulator tokens;
    private final LongAccumulator entities;
    private final LongAccumulator errors;

    /** Registers the four accumulators with {@code context}. */
    public TaggingCounters(SparkContext context) {
        this.documents = context.longAccumulator("seqtag documents");
        this.tokens = context.longAccumulator("seqtag tokens");
        this.entities = context.longAccumulator("seqtag entities");
        this.errors = context.longAccumulator("seqtag errors");
    }

    void add(long documentCount, long tokenCount, long entityCount, long errorCount) {
        documents.add(documentCount);
        tokens.add(tokenCount);
        entities.add(entityCount);
        errors.add(errorCount);
    }

    /** Documents seen. */
    public long documents() {
        return documents.value();
    }

    /** Tokens tagged. */
    public long tokens() {
        return tokens.value();
    }

    /** Entities found. */
    public long entities() {
        return entities.value();
    }

    /** Documents that got an error instead of entities. */
    public long errors() {
        return errors.value();
    }

    /** One line for the job's log. */
    public String summary() {
        return String.format(Locale.ROOT, "documents=%d tokens=%d entities=%d errors=%d", documents(), tokens(),
                entities(), errors());
    }
}

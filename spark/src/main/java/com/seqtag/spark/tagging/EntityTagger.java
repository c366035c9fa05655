package com.seqtag.spark.tagging;

import com.seqtag.model.lean.PrecisionSetting;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML {@link Transformer} that adds SeqTag's entities to any DataFrame with a text column:
 * {@code new EntityTagger(ModelSource.read(...)).setInputCol("body").transform(df)} adds
 * {@code entities} (see {@link TaggedColumns}), optionally {@code tokens}, and {@code error}. The
 * model goes to each executor once (a broadcast) and is loaded once per executor JVM.
 */
public final class EntityTagger extends Transformer {

    private static final long serialVersionUID = 1L;

    /** The service's default for {@code seqtag.max-text-chars}. */
    public static final int DEFAULT_MAX_CHARS = 100_000;
    /** The service's default for {@code seqtag.inference.max-sentence-tokens}. */
    public static final int DEFAULT_MAX_SENTENCE_TOKENS = 256;

    private final String uid;
    private final ModelSource.Model model;
    private String inputCol = "text";
    private String outputCol = "entities";
    private String tokensCol;
    private String errorCol = "error";
    private String rejectionCol;
    private int maxChars = DEFAULT_MAX_CHARS;
    private int batchDocuments = 64;
    private int maxSentenceTokens = DEFAULT_MAX_SENTENCE_TOKENS;
    private PrecisionSetting precision = PrecisionSetting.FP32;
    private transient TaggingCounters counters;

    /** A tagger with {@code model} (see {@link ModelSource#read}). */
    public EntityTagger(ModelSource.Model model) {
        this("seqtag-entities-" + UUID.randomUUID().toString().substring(0, 8), model);
    }

    private EntityTagger(String uid, ModelSource.Model model) {
        this.uid = uid;
        this.model = model;
    }

    /** The column holding each document's text (default {@code text}). */
    public EntityTagger setInputCol(String column) {
        this.inputCol = column;
        return this;
    }

    /** The column to add the entities in (default {@code entities}). */
    public EntityTagger setOutputCol(String column) {
        this.outputCol = column;
        return this;
    }

    /** Also add every token with its label and score, in this column (default: no tokens). */
    public EntityTagger setTokensCol(String column) {
        this.tokensCol = column;
        return this;
    }

    /** The column for a document's error, null when it was tagged (default {@code error}). */
    public EntityTagger setErrorCol(String column) {
        this.errorCol = column;
        return this;
    }

    /**
     * A column whose non-null value says why a row cannot be tagged (e.g. a line of input that was not
     * JSON): such rows are not tagged, and the value becomes their error (default: none).
     */
    public EntityTagger setRejectionCol(String column) {
        this.rejectionCol = column;
        return this;
    }

    /** Longest text tagged, in UTF-16 code units; longer ones get an error (default 100,000, as the service). */
    public EntityTagger setMaxChars(int chars) {
        this.maxChars = positive(chars, "maxChars");
        return this;
    }

    /** Documents handed to the model in one call (default 64). */
    public EntityTagger setBatchDocuments(int documents) {
        this.batchDocuments = positive(documents, "batchDocuments");
        return this;
    }

    /** Longest sentence before it is cut, in tokens (default 256, as the service). */
    public EntityTagger setMaxSentenceTokens(int tokens) {
        this.maxSentenceTokens = positive(tokens, "maxSentenceTokens");
        return this;
    }

    /**
     * Number format of the executors' matrix products, as the service's
     * {@code seqtag.inference.precision}. Default {@code fp32}, so that a job's output does not
     * depend on which executor tagged a partition; with {@code auto} each executor checks and times
     * the formats its CPU runs natively, and executors may choose differently.
     */
    public EntityTagger setPrecision(PrecisionSetting setting) {
        this.precision = Objects.requireNonNull(setting, "precision");
        return this;
    }

    /** Sum documents, tokens, entities and errors here while the result is computed. */
    public EntityTagger setCounters(TaggingCounters counters) {
        this.counters = counters;
        return this;
    }

    /** The model this tagger uses. */
    public ModelSource.Model model() {
        return model;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType output = transformSchema(dataset.schema());
        JavaSparkContext context = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        Broadcast<byte[]> artifact = context.broadcast(model.bytes());
        TaggingCounters sums = counters != null ? counters : new TaggingCounters(context.sc());
        PartitionTagger tagger = new PartitionTagger(artifact, model.version(),
                new PartitionTagger.Settings(maxChars, batchDocuments, maxSentenceTokens, tokensCol != null, precision),
                dataset.schema().fieldIndex(inputCol),
                rejectionCol == null ? -1 : dataset.schema().fieldIndex(rejectionCol), sums);
        return dataset.toDF().mapPartitions(tagger, Encoders.row(output));
    }

    @Override
    public StructType transformSchema(StructType schema) {
        if (!Arrays.asList(schema.fieldNames()).contains(inputCol)) {
            throw new IllegalArgumentException("no column \"" + inputCol + "\" to tag; the columns are "
                    + Arrays.toString(schema.fieldNames()));
        }
        if (rejectionCol != null && !Arrays.asList(schema.fieldNames()).contains(rejectionCol)) {
            throw new IllegalArgumentException("no rejection column \"" + rejectionCol + "\"; the columns are "
                    + Arrays.toString(schema.fieldNames()));
        }
        StructField text = schema.apply(inputCol);
        if (!text.dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("column \"" + inputCol + "\" must hold strings, not " + text.dataType());
        }
        StructType output = schema.add(outputCol, TaggedColumns.ENTITIES, false);
        if (tokensCol != null) {
            output = output.add(tokensCol, TaggedColumns.TOKENS, false);
        }
        return output.add(errorCol, DataTypes.StringType, true);
    }

    @Override
    public EntityTagger copy(ParamMap extra) {
        EntityTagger copy = new EntityTagger(uid, model);
        copy.inputCol = inputCol;
        copy.outputCol = outputCol;
        copy.tokensCol = tokensCol;
        copy.errorCol = errorCol;
        copy.rejectionCol = rejectionCol;
        copy.maxChars = maxChars;
        copy.batchDocuments = batchDocuments;
        copy.maxSentenceTokens = maxSentenceTokens;
        copy.precision = precision;
        copy.counters = counters;
        return copy;
    }

    @Override
    public String uid() {
        return uid;
    }

    private static int positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
        return value;
    }
}

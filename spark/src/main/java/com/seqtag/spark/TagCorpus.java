package com.seqtag.spark;

import com.seqtag.model.BlasKernels;
import com.seqtag.model.lean.PrecisionSetting;
import com.seqtag.spark.tagging.EntityTagger;
import com.seqtag.spark.tagging.ModelSource;
import com.seqtag.spark.tagging.TaggingCounters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import static org.apache.spark.sql.functions.col;

/**
 * Bulk tagging: {@code spark-submit --class com.seqtag.spark.TagCorpus seqtag-spark.jar --model M
 * --input IN --output OUT}. One row per document out ({@code id}, {@code entities}, optionally
 * {@code tokens}, {@code error}), tagged as {@code POST /tag} tags it with the same model.
 */
@Command(name = "TagCorpus", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Tags every document of a corpus with a SeqTag model and writes one row per document: "
                + "id, entities (type, start, end, text, score; offsets in UTF-16 code units), optionally tokens, "
                + "and error (null when the document was tagged). Prints the counters at the end.")
public final class TagCorpus implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "A .seqtag file, a service model directory (its active"
            + " version), s3://bucket/prefix (a model store: its active version), s3://bucket/key.seqtag, or 'bundled'.")
    String model;

    @Option(names = "--model-version", description = "With a model directory or store: this version instead of the active one.")
    String modelVersion;

    @Option(names = "--s3-endpoint", description = "URL of the S3-compatible server for s3:// models (default: AWS;"
            + " credentials from the AWS SDK's default chain, e.g. AWS_ACCESS_KEY_ID).")
    String s3Endpoint;

    @Option(names = "--input", required = true, description = "The corpus: a file, a directory or a glob Spark can read.")
    String input;

    @Option(names = "--input-format", description = "text (one document per line), jsonl or parquet (default: ${DEFAULT-VALUE}).")
    CorpusFormats.Input inputFormat = CorpusFormats.Input.TEXT;

    @Option(names = "--text-column", description = "jsonl and parquet: the column holding the text (default: ${DEFAULT-VALUE}).")
    String textColumn = "text";

    @Option(names = "--id-column", description = "jsonl and parquet: the column holding the id (default: ${DEFAULT-VALUE});"
            + " without one, documents are numbered from 1.")
    String idColumn = "id";

    @Option(names = "--output", required = true, description = "Where to write the tagged rows (a directory).")
    String output;

    @Option(names = "--output-format", description = "parquet or jsonl (default: ${DEFAULT-VALUE}).")
    CorpusFormats.Output outputFormat = CorpusFormats.Output.PARQUET;

    @Option(names = "--tokens", description = "Also write every token with its label, score and offsets.")
    boolean tokens;

    @Option(names = "--max-chars", description = "Longest document tagged, in UTF-16 code units; longer ones get an"
            + " error row (default: ${DEFAULT-VALUE}, the service's seqtag.max-text-chars).")
    int maxChars = EntityTagger.DEFAULT_MAX_CHARS;

    @Option(names = "--batch-documents", description = "Documents handed to the model at once (default: ${DEFAULT-VALUE}).")
    int batchDocuments = 64;

    @Option(names = "--precision", description = "Number format of the executors' matrix products: fp32, bf16, int8"
            + " or auto, as the service's seqtag.inference.precision (default: ${DEFAULT-VALUE}, so the output does not"
            + " depend on which executor tagged a partition; auto lets each executor check and time what its CPU runs"
            + " natively, bf16 is about 1.5x faster on CPUs with AMX).", converter = PrecisionConverter.class)
    PrecisionSetting precision = PrecisionSetting.FP32;

    @Option(names = "--partitions", description = "Repartition the corpus into this many parts first (default: as read).")
    Integer partitions;

    @Option(names = "--overwrite", description = "Replace the output if it exists (default: refuse).")
    boolean overwrite;

    /** Runs the job with Spark's master from spark-submit (or spark.master). */
    public static void main(String[] args) {
        BlasKernels.select();
        int code = JobCommandLine.run(new TagCorpus(), args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        ModelSource.Model chosen = ModelSource.read(model, modelVersion, s3Endpoint);
        System.err.printf(Locale.ROOT, "TagCorpus: model %s (%s)%n", chosen.version(),
                String.join(", ", chosen.manifest().entityTypes()));
        SparkSession spark = SparkSession.builder().appName("SeqTag TagCorpus").getOrCreate();
        try {
            CorpusFormats.checkOutput(spark, output, overwrite);
            Dataset<Row> documents = CorpusFormats.read(spark, inputFormat, input, textColumn, idColumn);
            if (partitions != null) {
                documents = documents.repartition(partitions);
            }
            TaggingCounters counters = new TaggingCounters(spark.sparkContext());
            EntityTagger tagger = new EntityTagger(chosen).setMaxChars(maxChars).setBatchDocuments(batchDocuments)
                    .setTokensCol(tokens ? "tokens" : null).setRejectionCol(CorpusFormats.REJECTED).setCounters(counters)
                    .setPrecision(precision);
            List<Column> columns = new ArrayList<>(List.of(col("id"), col("entities")));
            if (tokens) {
                columns.add(col("tokens"));
            }
            columns.add(col("error"));
            Dataset<Row> tagged = tagger.transform(documents).select(columns.toArray(Column[]::new));
            long writing = System.nanoTime();
            CorpusFormats.write(tagged, outputFormat, output, overwrite);
            double seconds = (System.nanoTime() - started) / 1e9;
            // The tagging stage alone (read, tag, write; executors load the model in it), without start-up.
            double taggingSeconds = (System.nanoTime() - writing) / 1e9;
            System.out.printf(Locale.ROOT, "TagCorpus: %s seconds=%.1f tagging_seconds=%.1f tokens_per_second=%.0f"
                    + " model=%s output=%s%n", counters.summary(), seconds, taggingSeconds,
                    counters.tokens() / taggingSeconds, chosen.version(), output);
            return 0;
        } finally {
            spark.stop();
        }
    }

    /** {@code auto}, {@code fp32}, {@code bf16}, {@code int8}, in any case; anything else is a usage error naming them. */
    static final class PrecisionConverter implements ITypeConverter<PrecisionSetting> {
        @Override
        public PrecisionSetting convert(String value) {
            try {
                return PrecisionSetting.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(
                        "'" + value + "' is not a precision: auto, fp32, bf16 or int8");
            }
        }
    }
}

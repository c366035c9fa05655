package com.seqtag.spark;

import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

/** Reads a corpus into rows of {@code id} and {@code text}, and writes tagged rows, in the formats {@link TagCorpus} takes. */
final class CorpusFormats {

    /** The column saying why a row of input cannot be tagged, e.g. a line that is not JSON. */
    static final String REJECTED = "rejected";

    /** The columns every input is turned into: an id, the text, and why a row cannot be tagged (null when it can). */
    static final StructType DOCUMENTS = new StructType()
            .add("id", DataTypes.StringType, false)
            .add("text", DataTypes.StringType, true)
            .add(REJECTED, DataTypes.StringType, true);


    /** The column Spark's JSON reader puts a line it cannot parse in. */
    private static final String CORRUPT = "_corrupt_record";

    /** Input formats. */
    enum Input { TEXT, JSONL, PARQUET }

    /** Output formats. */
    enum Output { PARQUET, JSONL }

    private CorpusFormats() {
    }

    /**
     * The documents at {@code path}: text files (one document per line; the id is its line number
     * from 1, counted over the files in order), or JSON Lines / Parquet with a text column and an
     * optional id column (line or row number when it is missing).
     */
    static Dataset<Row> read(SparkSession spark, Input format, String path, String textColumn, String idColumn) {
        if (format == Input.TEXT) {
            return numbered(spark, spark.read().text(path).toJavaRDD().map(row -> row.getString(0)));
        }
        Dataset<Row> table = format == Input.JSONL ? spark.read().json(path) : spark.read().parquet(path);
        String[] columns = table.columns();
        if (!Arrays.asList(columns).contains(textColumn)) {
            throw new IllegalArgumentException("--text-column: " + path + " has no column \"" + textColumn
                    + "\"; its columns are " + Arrays.toString(columns));
        }
        if (!table.schema().apply(textColumn).dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("--text-column: column \"" + textColumn + "\" holds "
                    + table.schema().apply(textColumn).dataType().simpleString() + ", not text");
        }
        if (!Arrays.asList(columns).contains(idColumn)) {
            JavaRDD<Row> rows = table.select(col(textColumn), rejection(table)).toJavaRDD()
                    .zipWithIndex().map(pair -> RowFactory.create(Long.toString(pair._2() + 1),
                            pair._1().isNullAt(0) ? null : pair._1().getString(0),
                            pair._1().isNullAt(1) ? null : pair._1().getString(1)));
            return spark.createDataFrame(rows, DOCUMENTS);
        }
        Column id = col(idColumn).cast(DataTypes.StringType).as("id");
        return table.select(id, col(textColumn).as("text"), rejection(table));
    }

    private static Dataset<Row> numbered(SparkSession spark, JavaRDD<String> texts) {
        JavaRDD<Row> rows = texts.zipWithIndex()
                .map(pair -> RowFactory.create(Long.toString(pair._2() + 1), pair._1(), null));
        return spark.createDataFrame(rows, DOCUMENTS);
    }

    /** Why a row cannot be tagged: for JSON Lines, a line Spark could not parse as a JSON object. */
    private static Column rejection(Dataset<Row> table) {
        if (!Arrays.asList(table.columns()).contains(CORRUPT)) {
            return lit(null).cast(DataTypes.StringType).as(REJECTED);
        }
        return when(col(CORRUPT).isNotNull(), concat(lit("not a JSON object: "), substring(col(CORRUPT), 1, 80)))
                .as(REJECTED);
    }

    /** Refuses an output path that exists, unless {@code overwrite}: checked before any tagging is done. */
    static void checkOutput(SparkSession spark, String path, boolean overwrite) throws IOException {
        Path output = new Path(path);
        FileSystem files = output.getFileSystem(spark.sparkContext().hadoopConfiguration());
        if (!overwrite && files.exists(output)) {
            throw new IllegalArgumentException("--output: " + path + " exists; give --overwrite to replace it");
        }
    }

    /** Writes {@code rows} to {@code path}, replacing it if {@code overwrite}. */
    static void write(Dataset<Row> rows, Output format, String path, boolean overwrite) {
        DataFrameWriter<Row> writer = rows.write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists);
        if (format == Output.JSONL) {
            // Every line has every field: "error": null rather than no error field at all.
            writer.option("ignoreNullFields", "false").json(path);
        } else {
            writer.parquet(path);
        }
    }
}

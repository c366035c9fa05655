package com.seqtag.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** TagCorpus as spark-submit runs it, on a local master in this JVM: every input and output format, and refusals. */
@ExtendWith(LocalMaster.class)
class TagCorpusTest {

    @TempDir
    Path dir;

    @Test
    void tagsTextLinesIntoParquetNumberingTheLines() throws Exception {
        Path input = Files.writeString(dir.resolve("docs.txt"),
                "Angela Merkel visited Paris.\n\nGoogle opened an office in Zurich.\n");
        JobRuns.Result run = run("--model", "bundled", "--input", input.toString(), "--output", dir.resolve("out").toString());

        assertThat(run.code()).as(run.err()).isZero();
        List<Row> rows = LocalSpark.session().read().parquet(dir.resolve("out").toString()).orderBy("id").collectAsList();
        assertThat(rows).extracting(row -> row.getString(0)).containsExactly("1", "2", "3");
        assertThat(rows.get(0).schema().fieldNames()).containsExactly("id", "entities", "error");
        assertThat(entityTexts(rows.get(0))).containsExactly("Angela Merkel", "Paris");
        assertThat(rows.get(1).<String>getAs("error")).isEqualTo("empty: the document has no text");
        assertThat(entityTexts(rows.get(2))).containsExactly("Google", "Zurich");
        assertThat(run.out()).contains("TagCorpus: documents=3 tokens=12 entities=4 errors=1");
    }

    @Test
    void readsJsonLinesWithTheirIdsAndWritesJsonLinesWithTokens() throws Exception {
        Path input = Files.writeString(dir.resolve("docs.jsonl"), """
                {"id": 17, "text": "Rome is the capital of Italy."}
                {"id": "b-2", "text": "%s"}
                {"id": 3, "other": "no text field"}
                this line is not JSON
                """.formatted("word ".repeat(30)));
        Path output = dir.resolve("tagged");
        JobRuns.Result run = run("--model", "bundled", "--input", input.toString(), "--input-format", "JSONL", "--output",
                output.toString(), "--output-format", "jsonl", "--tokens", "--max-chars", "100");

        assertThat(run.code()).as(run.err()).isZero();
        List<String> lines = new ArrayList<>();
        try (var files = Files.list(output)) {
            for (Path part : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                lines.addAll(Files.readAllLines(part));
            }
        }
        assertThat(lines).hasSize(4);
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("{\"id\":\"17\",\"entities\":[{\"type\":\"LOC\","
                + "\"start\":0,\"end\":4,\"text\":\"Rome\",\"score\":").contains("\"tokens\":[{\"text\":\"Rome\","
                + "\"start\":0,\"end\":4,\"label\":\"B-LOC\"").endsWith("\"error\":null}"));
        assertThat(lines).anySatisfy(line -> assertThat(line).isEqualTo("{\"id\":\"b-2\",\"entities\":[],\"tokens\":[],"
                + "\"error\":\"too long: 150 characters; the limit (--max-chars) is 100 UTF-16 code units\"}"));
        assertThat(lines).anySatisfy(line -> assertThat(line).isEqualTo("{\"id\":\"3\",\"entities\":[],\"tokens\":[],"
                + "\"error\":\"empty: the document has no text\"}"));
        assertThat(lines).anySatisfy(line -> assertThat(line).isEqualTo("{\"id\":null,\"entities\":[],\"tokens\":[],"
                + "\"error\":\"not a JSON object: this line is not JSON\"}"));
    }

    @Test
    void readsParquetByTheColumnsItIsToldAndNumbersRowsWithoutAnIdColumn() throws Exception {
        StructType schema = new StructType().add("headline", DataTypes.StringType).add("year", DataTypes.IntegerType);
        Path input = dir.resolve("news.parquet");
        LocalSpark.session().createDataFrame(List.of(RowFactory.create("Angela Merkel visits Berlin", 2013)), schema)
                .write().parquet(input.toString());
        Path output = dir.resolve("out");
        JobRuns.Result run = run("--model", "bundled", "--input", input.toString(), "--input-format", "parquet", "--text-column",
                "headline", "--output", output.toString());

        assertThat(run.code()).as(run.err()).isZero();
        Row row = LocalSpark.session().read().parquet(output.toString()).first();
        assertThat(row.getString(0)).isEqualTo("1");
        assertThat(entityTexts(row)).containsExactly("Angela Merkel", "Berlin");
    }

    @Test
    void refusesAnExistingOutputAndAMissingTextColumnInOneLine() throws Exception {
        Path input = Files.writeString(dir.resolve("docs.jsonl"), "{\"id\": 1, \"body\": \"Paris\"}\n");
        Path existing = Files.createDirectories(dir.resolve("exists"));

        JobRuns.Result refusedOutput = run("--model", "bundled", "--input", input.toString(), "--input-format", "jsonl",
                "--output", existing.toString());
        assertThat(refusedOutput.code()).isEqualTo(2);
        assertThat(refusedOutput.err()).endsWith("TagCorpus: --output: " + existing
                + " exists; give --overwrite to replace it" + System.lineSeparator());

        JobRuns.Result noColumn = run("--model", "bundled", "--input", input.toString(), "--input-format", "jsonl",
                "--output", dir.resolve("new").toString());
        assertThat(noColumn.code()).isEqualTo(2);
        assertThat(noColumn.err()).contains("TagCorpus: --text-column: " + input + " has no column \"text\"; its columns"
                + " are [body, id]");

        JobRuns.Result noModel = run("--model", dir.resolve("missing.seqtag").toString(), "--input", input.toString(),
                "--output", dir.resolve("new").toString());
        assertThat(noModel.code()).isEqualTo(2);
        assertThat(noModel.err()).contains("TagCorpus: --model: no model file or model directory at "
                + dir.resolve("missing.seqtag"));

        JobRuns.Result noPrecision = run("--model", "bundled", "--input", input.toString(), "--output",
                dir.resolve("new").toString(), "--precision", "fp16");
        assertThat(noPrecision.code()).isEqualTo(2);
        assertThat(noPrecision.err()).contains("'fp16' is not a precision: auto, fp32, bf16 or int8");
    }

    private static List<String> entityTexts(Row row) {
        List<String> texts = new ArrayList<>();
        for (Row entity : row.<Row>getList(row.fieldIndex("entities"))) {
            texts.add(entity.getString(3));
        }
        return texts;
    }

    private static JobRuns.Result run(String... args) {
        return JobRuns.run(new TagCorpus(), args);
    }
}

package com.seqtag.spark.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.seqtag.decoding.Scores;
import com.seqtag.inference.DocumentEntity;
import com.seqtag.inference.DocumentInput;
import com.seqtag.inference.TaggedDocument;
import com.seqtag.model.lean.PrecisionSetting;
import com.seqtag.spark.LocalSpark;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EntityTaggerTest {

    private static final StructType DOCUMENTS = new StructType()
            .add("doc", DataTypes.IntegerType, false)
            .add("body", DataTypes.StringType, true);
    private static final List<String> TEXTS = List.of(
            "EU rejects German call to boycott British lamb. Peter Blackburn reports from Brussels.",
            "Angela Merkel met Emmanuel Macron in Paris on Tuesday.",
            "SOCCER - JAPAN GET LUCKY WIN , CHINA IN SURPRISE DEFEAT .",
            "Shares of Apple Inc. rose 3 % on the Nasdaq after the results.",
            "Café owner José Müller 🙂 moved from São Paulo to Zürich.");

    private static SparkSession spark;
    private static ModelSource.Model model;

    @BeforeAll
    static void start() throws Exception {
        spark = LocalSpark.session();
        model = ModelSource.read(ModelSource.BUNDLED, null, null);
    }

    @Test
    void addsTheEntitiesTheServicesTaggingPathFinds() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < TEXTS.size(); i++) {
            rows.add(RowFactory.create(i, TEXTS.get(i)));
        }
        Dataset<Row> documents = spark.createDataFrame(rows, DOCUMENTS).repartition(2);
        TaggingCounters counters = new TaggingCounters(spark.sparkContext());
        List<Row> tagged = new EntityTagger(model).setInputCol("body").setTokensCol("tokens").setCounters(counters)
                .setBatchDocuments(2).transform(documents).collectAsList();

        // The same documents straight through the executor's tagger, in this JVM (Spark's local executor).
        List<DocumentInput> inputs = TEXTS.stream().<DocumentInput>map(DocumentInput.Text::new).toList();
        List<TaggedDocument> expected = ExecutorModels.tagger(model.version(), model::bytes,
                EntityTagger.DEFAULT_MAX_SENTENCE_TOKENS, PrecisionSetting.FP32).tagAll(inputs);
        tagged = byDocument(tagged);
        assertThat(tagged).hasSize(TEXTS.size());
        long tokens = 0;
        long entities = 0;
        for (int i = 0; i < TEXTS.size(); i++) {
            Row row = tagged.get(i);
            assertThat(row.<String>getAs("error")).isNull();
            List<Row> found = row.getList(row.fieldIndex("entities"));
            List<DocumentEntity> want = expected.get(i).entities();
            assertThat(found).hasSize(want.size());
            for (int e = 0; e < want.size(); e++) {
                assertThat(found.get(e)).isEqualTo(RowFactory.create(want.get(e).type(), want.get(e).start(),
                        want.get(e).end(), want.get(e).text(), Scores.rounded(want.get(e).score())));
            }
            assertThat(row.getList(row.fieldIndex("tokens"))).hasSize(expected.get(i).tokens().size());
            tokens += expected.get(i).tokens().size();
            entities += want.size();
        }
        assertThat(entityTexts(tagged.get(1))).contains("Angela Merkel", "Emmanuel Macron", "Paris");
        // Offsets count UTF-16 code units, as the service's default: the emoji counts two.
        String unicode = TEXTS.get(4);
        for (Row entity : tagged.get(4).<Row>getList(tagged.get(4).fieldIndex("entities"))) {
            assertThat(unicode.substring(entity.getInt(1), entity.getInt(2))).isEqualTo(entity.getString(3));
        }
        assertThat(counters.documents()).isEqualTo(TEXTS.size());
        assertThat(counters.tokens()).isEqualTo(tokens);
        assertThat(counters.entities()).isEqualTo(entities);
        assertThat(counters.errors()).isZero();
    }

    @Test
    void documentsItCannotTakeGetAnErrorAndTheRestAreTagged() {
        List<Row> rows = List.of(RowFactory.create(1, "Paris is in France."), RowFactory.create(2, null),
                RowFactory.create(3, ""), RowFactory.create(4, " \t "), RowFactory.create(5, "x".repeat(101)),
                RowFactory.create(6, "Rome is in Italy."));
        TaggingCounters counters = new TaggingCounters(spark.sparkContext());
        List<Row> tagged = new EntityTagger(model).setInputCol("body").setMaxChars(100).setCounters(counters)
                .transform(spark.createDataFrame(rows, DOCUMENTS)).collectAsList();
        tagged = byDocument(tagged);

        assertThat(tagged).extracting(row -> row.<String>getAs("error")).containsExactly(null,
                "empty: the document has no text", "empty: the document has no text",
                "empty: the text holds no tokens",
                "too long: 101 characters; the limit (--max-chars) is 100 UTF-16 code units", null);
        assertThat(entityTexts(tagged.get(0))).containsExactly("Paris", "France");
        assertThat(entityTexts(tagged.get(5))).containsExactly("Rome", "Italy");
        assertThat(tagged.get(1).getList(tagged.get(1).fieldIndex("entities"))).isEmpty();
        assertThat(counters.documents()).isEqualTo(6);
        assertThat(counters.errors()).isEqualTo(4);
    }

    @Test
    void aRejectedRowIsNotTaggedAndGetsTheReasonAsItsError() {
        StructType schema = DOCUMENTS.add("why", DataTypes.StringType, true);
        List<Row> rows = List.of(RowFactory.create(1, "Paris", null), RowFactory.create(2, "Rome", "not JSON: {oops"));
        List<Row> tagged = byDocument(new EntityTagger(model).setInputCol("body").setRejectionCol("why")
                .transform(spark.createDataFrame(rows, schema)).collectAsList());

        assertThat(entityTexts(tagged.get(0))).containsExactly("Paris");
        assertThat(tagged.get(1).<String>getAs("error")).isEqualTo("not JSON: {oops");
        assertThat(entityTexts(tagged.get(1))).isEmpty();
        assertThatThrownBy(() -> new EntityTagger(model).setInputCol("body").setRejectionCol("nope")
                .transformSchema(DOCUMENTS)).hasMessage("no rejection column \"nope\"; the columns are [doc, body]");
    }

    @Test
    void keepsTheInputColumnsAndNamesTheColumnsItAdds() {
        Dataset<Row> documents = spark.createDataFrame(List.of(RowFactory.create(1, "Paris")), DOCUMENTS);
        Dataset<Row> tagged = new EntityTagger(model).setInputCol("body").setOutputCol("ner").setErrorCol("problem")
                .transform(documents);

        assertThat(tagged.columns()).containsExactly("doc", "body", "ner", "problem");
        assertThat(tagged.schema().apply("ner").dataType()).isEqualTo(TaggedColumns.ENTITIES);
    }

    @Test
    void refusesAMissingOrNonTextColumnUpFront() {
        Dataset<Row> documents = spark.createDataFrame(List.of(RowFactory.create(1, "Paris")), DOCUMENTS);

        assertThatThrownBy(() -> new EntityTagger(model).transform(documents))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no column \"text\" to tag; the columns are [doc, body]");
        assertThatThrownBy(() -> new EntityTagger(model).setInputCol("doc").transform(documents))
                .hasMessage("column \"doc\" must hold strings, not IntegerType");
        assertThatThrownBy(() -> new EntityTagger(model).setMaxChars(0))
                .hasMessage("maxChars must be at least 1, was 0");
    }

    /**
     * Sorted after collecting: sorting in Spark would compute the partitions twice (once to sample the
     * sort keys), and the counters count every computation.
     */
    private static List<Row> byDocument(List<Row> rows) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(java.util.Comparator.comparingInt(row -> row.getInt(0)));
        return sorted;
    }

    private static List<String> entityTexts(Row row) {
        List<String> texts = new ArrayList<>();
        for (Row entity : row.<Row>getList(row.fieldIndex("entities"))) {
            texts.add(entity.getString(3));
        }
        return texts;
    }
}

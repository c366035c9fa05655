package com.seqtag.spark.tagging;

import com.seqtag.decoding.Scores;
import com.seqtag.inference.DocumentEntity;
import com.seqtag.inference.DocumentToken;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * The columns tagging adds to a row, in the service's words: {@code entities} as {@code POST /tag}
 * answers them ({@code type}, {@code start}, {@code end}, {@code text}, {@code score}; offsets in
 * UTF-16 code units), optionally {@code tokens}, and {@code error} for a document that could not be tagged.
 */
public final class TaggedColumns {

    /** One entity: type, offsets, text and score. */
    public static final StructType ENTITY = new StructType()
            .add("type", DataTypes.StringType, false)
            .add("start", DataTypes.IntegerType, false)
            .add("end", DataTypes.IntegerType, false)
            .add("text", DataTypes.StringType, false)
            .add("score", DataTypes.DoubleType, false);

    /** One token: text, offsets, IOB2 label, score, and whether the model knew the word. */
    public static final StructType TOKEN = new StructType()
            .add("text", DataTypes.StringType, false)
            .add("start", DataTypes.IntegerType, false)
            .add("end", DataTypes.IntegerType, false)
            .add("label", DataTypes.StringType, false)
            .add("score", DataTypes.DoubleType, false)
            .add("unk", DataTypes.BooleanType, false);

    /** The type of an entities column. */
    public static final ArrayType ENTITIES = DataTypes.createArrayType(ENTITY, false);
    /** The type of a tokens column. */
    public static final ArrayType TOKENS = DataTypes.createArrayType(TOKEN, false);

    private TaggedColumns() {
    }

    /** Entities as rows of {@link #ENTITY}, scores rounded as the service rounds them; a Scala sequence, as Spark's rows hold arrays. */
    public static Seq<Row> entities(List<DocumentEntity> entities) {
        List<Row> rows = new ArrayList<>(entities.size());
        for (DocumentEntity entity : entities) {
            rows.add(RowFactory.create(entity.type(), entity.start(), entity.end(), entity.text(),
                    Scores.rounded(entity.score())));
        }
        return JavaConverters.asScalaBuffer(rows);
    }

    /** Tokens as rows of {@link #TOKEN}, as a Scala sequence. */
    public static Seq<Row> tokens(List<DocumentToken> tokens) {
        List<Row> rows = new ArrayList<>(tokens.size());
        for (DocumentToken token : tokens) {
            rows.add(RowFactory.create(token.text(), token.start(), token.end(), token.label(),
                    Scores.rounded(token.score()), token.unknown()));
        }
        return JavaConverters.asScalaBuffer(rows);
    }
}

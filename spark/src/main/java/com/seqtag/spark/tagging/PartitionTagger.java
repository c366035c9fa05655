package com.seqtag.spark.tagging;

import com.seqtag.inference.DocumentInput;
import com.seqtag.inference.DocumentTagger;
import com.seqtag.inference.TaggedDocument;
import com.seqtag.model.lean.PrecisionSetting;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Tags one partition's rows, a batch of documents at a time, through the executor's
 * {@link ExecutorModels} tagger: each row comes out with its columns plus the entities, the tokens
 * (when asked for) and an error. A document the model cannot take (no text, no tokens, longer than
 * the limit, or one that fails) gets its error and empty entities; the job goes on.
 */
final class PartitionTagger implements MapPartitionsFunction<Row, Row>, Serializable {

    private static final long serialVersionUID = 1L;

    private final Broadcast<byte[]> artifact;
    private final String version;
    private final Settings settings;
    private final int textIndex;
    private final int rejectionIndex;
    private final TaggingCounters counters;

    /**
     * @param textIndex      the column holding the text
     * @param rejectionIndex a column whose non-null value is why the row cannot be tagged (becoming its
     *                       error), or -1
     */
    PartitionTagger(Broadcast<byte[]> artifact, String version, Settings settings, int textIndex, int rejectionIndex,
                    TaggingCounters counters) {
        this.artifact = artifact;
        this.version = version;
        this.settings = settings;
        this.textIndex = textIndex;
        this.rejectionIndex = rejectionIndex;
        this.counters = counters;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        return new Iterator<>() {
            private Iterator<Row> batch = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!batch.hasNext() && rows.hasNext()) {
                    batch = tagBatch(rows).iterator();
                }
                return batch.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return batch.next();
            }
        };
    }

    /** Reads up to a batch of rows and tags the documents among them in one call. */
    private List<Row> tagBatch(Iterator<Row> rows) {
        List<Row> inputs = new ArrayList<>(settings.batchDocuments());
        while (rows.hasNext() && inputs.size() < settings.batchDocuments()) {
            inputs.add(rows.next());
        }
        String[] errors = new String[inputs.size()];
        List<DocumentInput> documents = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Row input = inputs.get(i);
            String text = input.isNullAt(textIndex) ? null : input.getString(textIndex);
            boolean rejected = rejectionIndex >= 0 && !input.isNullAt(rejectionIndex);
            errors[i] = rejected ? input.getString(rejectionIndex) : refusal(text);
            if (errors[i] == null) {
                documents.add(new DocumentInput.Text(text));
                positions.add(i);
            }
        }
        TaggedDocument[] tagged = new TaggedDocument[inputs.size()];
        if (!documents.isEmpty()) {
            DocumentTagger tagger = ExecutorModels.tagger(version, artifact::value, settings.maxSentenceTokens(),
                    settings.precision());
            try {
                List<TaggedDocument> results = tagger.tagAll(documents);
                for (int d = 0; d < results.size(); d++) {
                    tagged[positions.get(d)] = results.get(d);
                }
            } catch (RuntimeException batchFailure) {
                // Find the document that failed: one at a time, so the others still get their answers.
                for (int d = 0; d < documents.size(); d++) {
                    try {
                        tagged[positions.get(d)] = tagger.tagAll(List.of(documents.get(d))).get(0);
                    } catch (RuntimeException e) {
                        errors[positions.get(d)] = "tagging failed: " + e.getMessage();
                    }
                }
            }
        }
        List<Row> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            if (tagged[i] != null && tagged[i].tokens().isEmpty()) {
                errors[i] = "empty: the text holds no tokens";
                tagged[i] = null;
            }
            out.add(output(inputs.get(i), tagged[i], errors[i]));
        }
        return out;
    }

    private String refusal(String text) {
        if (text == null || text.isEmpty()) {
            return "empty: the document has no text";
        }
        if (text.length() > settings.maxChars()) {
            return "too long: " + text.length() + " characters; the limit (--max-chars) is " + settings.maxChars()
                    + " UTF-16 code units";
        }
        return null;
    }

    private Row output(Row input, TaggedDocument tagged, String error) {
        int extra = settings.tokens() ? 3 : 2;
        Object[] values = new Object[input.length() + extra];
        for (int i = 0; i < input.length(); i++) {
            values[i] = input.get(i);
        }
        int next = input.length();
        values[next++] = TaggedColumns.entities(tagged == null ? List.of() : tagged.entities());
        if (settings.tokens()) {
            values[next++] = TaggedColumns.tokens(tagged == null ? List.of() : tagged.tokens());
        }
        values[next] = error;
        counters.add(1, tagged == null ? 0 : tagged.tokens().size(), tagged == null ? 0 : tagged.entities().size(),
                error == null ? 0 : 1);
        return RowFactory.create(values);
    }

    /**
     * How documents are tagged.
     *
     * @param maxChars          longest text tagged, in UTF-16 code units; longer ones get an error
     * @param batchDocuments    documents handed to the tagger in one call
     * @param maxSentenceTokens longest sentence before it is cut (the service's setting of that name)
     * @param tokens            whether rows also get the tokens with their labels
     * @param precision         number format of the products (the service's {@code seqtag.inference.precision})
     */
    record Settings(int maxChars, int batchDocuments, int maxSentenceTokens, boolean tokens, PrecisionSetting precision)
            implements Serializable {
    }
}

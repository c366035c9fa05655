package com.seqtag.api;

import com.seqtag.data.IobLabel;
import com.seqtag.inference.DocumentToken;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups a document's tagged tokens into runs the way Hugging Face transformers'
 * {@code TokenClassificationPipeline} does with {@code aggregation_strategy="simple"}: a token joins
 * the run before it when it has the same type and does not begin a new entity ({@code B-}); its
 * score is the mean of the run's token scores. Labels without a {@code B-}/{@code I-} prefix
 * ({@code O}) count as continuing runs of their own name, so consecutive {@code O} tokens form one
 * run, as in transformers. A run's type is the label without its prefix, so a type containing
 * hyphens stays whole (transformers keeps only the part after the last hyphen there).
 */
public final class TokenGroups {

    private TokenGroups() {
    }

    /**
     * A run of tokens {@code [firstToken, endToken)} of one type.
     *
     * @param type       the entity type ({@code PER}), or {@code O} for a run outside entities
     * @param firstToken index of its first token in the document
     * @param endToken   index just past its last token
     * @param score      mean of its tokens' label probabilities
     */
    public record Group(String type, int firstToken, int endToken, double score) {
    }

    /** The runs of {@code tokens}, in order; together they cover every token exactly once. */
    public static List<Group> simple(List<DocumentToken> tokens) {
        List<Group> groups = new ArrayList<>();
        int first = 0;
        String type = null;
        double sum = 0;
        for (int i = 0; i < tokens.size(); i++) {
            DocumentToken token = tokens.get(i);
            String label = token.label();
            IobLabel parsed = IobLabel.parse(label);
            boolean begins = parsed.isBegin();
            String tokenType = parsed.isOutside() ? IobLabel.OUTSIDE_LABEL : parsed.type();
            if (type != null && tokenType.equals(type) && !begins) {
                sum += token.score();
                continue;
            }
            if (type != null) {
                groups.add(new Group(type, first, i, sum / (i - first)));
            }
            first = i;
            type = tokenType;
            sum = token.score();
        }
        if (type != null) {
            groups.add(new Group(type, first, tokens.size(), sum / (tokens.size() - first)));
        }
        return groups;
    }
}

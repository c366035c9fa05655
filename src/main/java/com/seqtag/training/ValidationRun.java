package com.seqtag.training;

import com.seqtag.data.LabeledSentence;
import com.seqtag.model.TaggedSentence;
import com.seqtag.model.TaggedToken;
import com.seqtag.model.Tagger;
import java.util.ArrayList;
import java.util.List;

/** Scores a tagger against annotated sentences the way conlleval does. */
public final class ValidationRun {

    private ValidationRun() {
    }

    /** Tags every sentence and compares the labels with the gold ones. */
    public static EvaluationReport evaluate(Tagger tagger, List<LabeledSentence> sentences) {
        List<List<String>> words = new ArrayList<>(sentences.size());
        for (LabeledSentence sentence : sentences) {
            words.add(sentence.words());
        }
        List<TaggedSentence> tagged = tagger.tagAll(words);
        EntityEvaluator evaluator = new EntityEvaluator();
        for (int i = 0; i < sentences.size(); i++) {
            List<String> predicted = tagged.get(i).tokens().stream().map(TaggedToken::label).toList();
            evaluator.add(sentences.get(i).labels(), predicted);
        }
        return evaluator.report();
    }
}

package com.seqtag.training;

import com.seqtag.data.LabeledSentence;
import com.seqtag.model.TaggedSentence;
import com.seqtag.model.TaggedToken;
import com.seqtag.model.Tagger;
import java.util.ArrayList;
import java.util.List;

/** Scores a tagger against annotated sentences the way conlleval does, and the calibration of its token scores. */
public final class ValidationRun {

    private ValidationRun() {
    }

    /** Tags every sentence and compares the labels with the gold ones. */
    public static EvaluationReport evaluate(Tagger tagger, List<LabeledSentence> sentences) {
        return run(tagger, sentences).entities();
    }

    /** Entity scores and the calibration of the token scores, from one tagging pass. */
    public static Result run(Tagger tagger, List<LabeledSentence> sentences) {
        List<List<String>> words = new ArrayList<>(sentences.size());
        for (LabeledSentence sentence : sentences) {
            words.add(sentence.words());
        }
        List<TaggedSentence> tagged = tagger.tagAll(words);
        EntityEvaluator evaluator = new EntityEvaluator();
        Calibration calibration = new Calibration();
        for (int i = 0; i < sentences.size(); i++) {
            List<TaggedToken> tokens = tagged.get(i).tokens();
            List<String> gold = sentences.get(i).labels();
            evaluator.add(gold, tokens.stream().map(TaggedToken::label).toList());
            for (int t = 0; t < tokens.size(); t++) {
                calibration.add(tokens.get(t).score(), tokens.get(t).label().equals(gold.get(t)));
            }
        }
        return new Result(evaluator.report(), calibration.expectedCalibrationError());
    }

    /**
     * One validation pass.
     *
     * @param entities                 conlleval-style entity scores
     * @param expectedCalibrationError ECE of the per-token label scores (0 to 1)
     */
    public record Result(EvaluationReport entities, double expectedCalibrationError) {
    }
}

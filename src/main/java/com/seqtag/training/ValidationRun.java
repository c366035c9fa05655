package com.seqtag.training;

import com.seqtag.data.IobCodec;
import com.seqtag.data.EntitySpan;
import com.seqtag.data.LabeledSentence;
import com.seqtag.decoding.ScoredEntity;
import com.seqtag.decoding.TaggedSentence;
import com.seqtag.decoding.TaggedToken;
import com.seqtag.model.Tagger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
        return score(sentences, tagger.tagAll(words(sentences)));
    }

    /** The same for an ensemble of models. */
    public static Result run(Ensemble ensemble, List<LabeledSentence> sentences) {
        return score(sentences, ensemble.tagAll(words(sentences)));
    }

    private static List<List<String>> words(List<LabeledSentence> sentences) {
        List<List<String>> words = new ArrayList<>(sentences.size());
        for (LabeledSentence sentence : sentences) {
            words.add(sentence.words());
        }
        return words;
    }

    private static Result score(List<LabeledSentence> sentences, List<TaggedSentence> tagged) {
        EntityEvaluator evaluator = new EntityEvaluator();
        Calibration tokenCalibration = new Calibration();
        Calibration entityCalibration = new Calibration();
        for (int i = 0; i < sentences.size(); i++) {
            List<TaggedToken> tokens = tagged.get(i).tokens();
            List<String> gold = sentences.get(i).labels();
            evaluator.add(gold, tokens.stream().map(TaggedToken::label).toList());
            for (int t = 0; t < tokens.size(); t++) {
                tokenCalibration.add(tokens.get(t).score(), tokens.get(t).label().equals(gold.get(t)));
            }
            Set<EntitySpan> goldSpans = new HashSet<>(IobCodec.spans(gold));
            for (ScoredEntity entity : tagged.get(i).entities()) {
                entityCalibration.add(entity.score(), goldSpans.contains(entity.span()));
            }
        }
        return new Result(evaluator.report(), tokenCalibration.expectedCalibrationError(),
                entityCalibration.expectedCalibrationError());
    }

    /**
     * One validation pass.
     *
     * @param entities                       conlleval-style entity scores
     * @param expectedCalibrationError       ECE of the per-token label scores (0 to 1)
     * @param entityExpectedCalibrationError ECE of the entity scores, an entity being right when
     *                                       the gold data has the same span with the same type
     */
    public record Result(EvaluationReport entities, double expectedCalibrationError,
                         double entityExpectedCalibrationError) {
    }
}

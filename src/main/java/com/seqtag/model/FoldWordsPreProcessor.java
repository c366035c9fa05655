package com.seqtag.model;

import com.seqtag.text.CharacterVocabulary;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Folds the words of a batch of sentences into the batch dimension for the character CNN:
 * {@code [batch, chars, time]} becomes {@code [batch * time, chars]}. Its mask is per character
 * slot, all ones: padding slots have their own learned embedding, and padded tokens are masked
 * again where the word representation rejoins the sentence. (DL4J's own preprocessor would hand
 * the convolution a per-token mask of the wrong shape.)
 */
public class FoldWordsPreProcessor extends RnnToFeedForwardPreProcessor {

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState, int minibatchSize) {
        if (maskArray == null) {
            return new Pair<>(null, currentMaskState);
        }
        long words = maskArray.size(0) * maskArray.size(1);
        return new Pair<>(Nd4j.ones(maskArray.dataType(), words, CharacterVocabulary.MAX_WORD_CHARS),
                MaskState.Active);
    }

    @Override
    public FoldWordsPreProcessor clone() {
        return new FoldWordsPreProcessor();
    }
}

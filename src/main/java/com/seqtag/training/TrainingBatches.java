package com.seqtag.training;

import com.seqtag.data.LabeledSentence;
import com.seqtag.model.InputEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns minibatches of labelled sentences into the network's inputs and label targets (one-hot gold
 * labels, mixed with a teacher ensemble's probabilities when distilling), with word dropout drawn
 * at encoding time. One instance per training run; batches must be encoded in the
 * order they are fitted, so word dropout draws the same sequence whichever {@link EpochFitter} runs.
 */
public final class TrainingBatches {

    private final InputEncoder encoder;
    private final Map<String, Integer> labelIndex;
    private final WordDropout wordDropout;
    /** The teachers, in the label order of {@code labelIndex}, or null for gold labels only. */
    private final Ensemble teachers;
    private final double distillationWeight;

    TrainingBatches(InputEncoder encoder, Map<String, Integer> labelIndex, WordDropout wordDropout) {
        this(encoder, labelIndex, wordDropout, null, 0);
    }

    /**
     * @param teachers           an ensemble answering in {@code labelIndex}'s order, or null
     * @param distillationWeight the teachers' share of each token's target
     */
    TrainingBatches(InputEncoder encoder, Map<String, Integer> labelIndex, WordDropout wordDropout, Ensemble teachers,
                    double distillationWeight) {
        this.encoder = encoder;
        this.labelIndex = labelIndex;
        this.wordDropout = wordDropout;
        this.teachers = teachers;
        this.distillationWeight = distillationWeight;
    }

    /** A minibatch of one epoch, encoded on demand. */
    Batch batch(List<LabeledSentence> sentences) {
        return new Batch(this, sentences);
    }

    private Encoded encode(List<LabeledSentence> batch) {
        List<List<String>> words = new ArrayList<>(batch.size());
        batch.forEach(sentence -> words.add(sentence.words()));
        boolean[][] dropped = wordDropout != null ? wordDropout.draw(words) : null;
        InputEncoder.Encoded encoded = encoder.encode(words, dropped);
        int steps = encoded.timeSteps();
        int labelCount = labelIndex.size();
        float[] targets = new float[batch.size() * labelCount * steps];
        // The teachers read the words as written: word dropout is the student's handicap, not theirs.
        float[][][] taught = teachers != null ? teachers.probabilities(words) : null;
        float goldShare = taught != null ? (float) (1 - distillationWeight) : 1f;
        for (int b = 0; b < batch.size(); b++) {
            List<String> gold = batch.get(b).labels();
            for (int t = 0; t < gold.size(); t++) {
                targets[(b * labelCount + labelIndex.get(gold.get(t))) * steps + t] += goldShare;
                if (taught != null) {
                    for (int l = 0; l < labelCount; l++) {
                        targets[(b * labelCount + l) * steps + t] += (float) distillationWeight * taught[b][t][l];
                    }
                }
            }
        }
        INDArray labelArray = Nd4j.create(targets, new long[] {batch.size(), labelCount, steps}, 'c');
        MultiDataSet data = new MultiDataSet(encoded.inputs(), new INDArray[] {labelArray},
                encoder.masks(encoded), new INDArray[] {encoded.mask()});
        return new Encoded(data, encoded, labelArray);
    }

    /** One minibatch of labelled sentences. */
    public static final class Batch {

        private final TrainingBatches owner;
        private final List<LabeledSentence> sentences;

        private Batch(TrainingBatches owner, List<LabeledSentence> sentences) {
            this.owner = owner;
            this.sentences = List.copyOf(sentences);
        }

        /** The sentences, in batch order. */
        public List<LabeledSentence> sentences() {
            return sentences;
        }

        /** Sentences in the batch. */
        public int size() {
            return sentences.size();
        }

        /** Real (unpadded) tokens in the batch. */
        public int tokens() {
            return sentences.stream().mapToInt(LabeledSentence::length).sum();
        }

        /** This batch's inputs and labels; draws its word dropout now. */
        public Encoded encode() {
            return owner.encode(sentences);
        }

        /** The same sentences with {@code extra} appended (a batch topped up to a fixed size). */
        public Batch with(List<LabeledSentence> extra) {
            List<LabeledSentence> all = new ArrayList<>(sentences);
            all.addAll(extra);
            return new Batch(owner, all);
        }
    }

    /** A minibatch's arrays; closing frees their native memory. */
    public static final class Encoded implements AutoCloseable {

        private final MultiDataSet data;
        private final InputEncoder.Encoded inputs;
        private final INDArray labels;

        private Encoded(MultiDataSet data, InputEncoder.Encoded inputs, INDArray labels) {
            this.data = data;
            this.inputs = inputs;
            this.labels = labels;
        }

        /** Inputs, label targets and their masks, as {@link org.deeplearning4j.nn.graph.ComputationGraph#fit} takes them. */
        public MultiDataSet data() {
            return data;
        }

        @Override
        public void close() {
            inputs.close();
            labels.close();
        }
    }
}

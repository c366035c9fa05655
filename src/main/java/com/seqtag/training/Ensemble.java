package com.seqtag.training;

import com.seqtag.decoding.SentenceDecoder;
import com.seqtag.decoding.TaggedSentence;
import com.seqtag.model.Tagger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Several trained models answering as one: each token's label probabilities are the mean of the
 * members' (CRF marginals or softmax outputs), decoded by constrained Viterbi. It is the teacher in
 * distillation ({@link TrainingConfig#teachers()}) and what {@code evaluate} scores when given
 * several models. Members must know the same labels; their order may differ.
 */
public final class Ensemble {

    private static final int MAX_BATCH = 64;

    private final List<Tagger> members;
    private final List<String> labels;
    /** {@code columns[m][l]}: member m's column for label l of this ensemble. */
    private final int[][] columns;
    private final SentenceDecoder decoder;

    /**
     * @param members trained taggers (the lean path makes them fast)
     * @param labels  the label order the ensemble answers in
     * @throws IncompatibleTeacherException when a member's label set is not {@code labels}
     */
    public Ensemble(List<Tagger> members, List<String> labels) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one model");
        }
        this.members = List.copyOf(members);
        this.labels = List.copyOf(labels);
        this.columns = new int[members.size()][labels.size()];
        for (int m = 0; m < members.size(); m++) {
            List<String> own = members.get(m).labels();
            if (own.size() != labels.size() || !own.containsAll(labels)) {
                throw new IncompatibleTeacherException("model " + (m + 1) + " of the ensemble knows the labels " + own
                        + ", not " + labels + ": every teacher must be trained on the same entity types");
            }
            for (int l = 0; l < labels.size(); l++) {
                columns[m][l] = own.indexOf(labels.get(l));
            }
        }
        this.decoder = new SentenceDecoder(this.labels, true);
    }

    /** An ensemble answering in its first member's label order. */
    public static Ensemble of(List<Tagger> members) {
        return new Ensemble(members, members.get(0).labels());
    }

    /** How many models it averages. */
    public int size() {
        return members.size();
    }

    /** The labels, in the order of {@link #probabilities}' last index. */
    public List<String> labels() {
        return labels;
    }

    /** The members' mean label probabilities, {@code [sentence][token][label]}; one forward pass per member. */
    public float[][][] probabilities(List<List<String>> batch) {
        float[][][] mean = new float[batch.size()][][];
        for (int s = 0; s < batch.size(); s++) {
            mean[s] = new float[batch.get(s).size()][labels.size()];
        }
        float share = 1f / members.size();
        for (int m = 0; m < members.size(); m++) {
            float[][][] own = members.get(m).probabilities(batch);
            int[] column = columns[m];
            for (int s = 0; s < own.length; s++) {
                for (int t = 0; t < own[s].length; t++) {
                    for (int l = 0; l < column.length; l++) {
                        mean[s][t][l] += share * own[s][t][column[l]];
                    }
                }
            }
        }
        return mean;
    }

    /** Tags sentences from the mean probabilities, batching those of similar length; answers in input order. */
    public List<TaggedSentence> tagAll(List<List<String>> sentences) {
        Integer[] order = new Integer[sentences.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt(i -> sentences.get(i).size()));
        TaggedSentence[] results = new TaggedSentence[sentences.size()];
        for (int from = 0; from < order.length; from += MAX_BATCH) {
            int to = Math.min(order.length, from + MAX_BATCH);
            List<List<String>> batch = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                batch.add(sentences.get(order[i]));
            }
            float[][][] probabilities = probabilities(batch);
            for (int i = from; i < to; i++) {
                List<String> words = sentences.get(order[i]);
                results[order[i]] = decoder.decode(words, probabilities[i - from], new boolean[words.size()]);
            }
        }
        return Arrays.asList(results);
    }

    /** Teachers that cannot teach this student: their labels differ from the training data's. */
    public static class IncompatibleTeacherException extends IllegalArgumentException {
        public IncompatibleTeacherException(String message) {
            super(message);
        }
    }
}

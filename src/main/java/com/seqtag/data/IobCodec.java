package com.seqtag.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Converts between IOB2 label sequences and entity spans, and derives label sets and entity types
 * from labels: the one place label sequences are read or written (like OpenNLP's {@code BioCodec}).
 */
public final class IobCodec {

    private IobCodec() {
    }

    /**
     * Returns the entities in {@code labels}, in order, as leniently as conlleval reads them.
     * {@code B-X} always starts an entity; {@code I-X} continues an entity of type X and otherwise
     * starts one (at the start of the sentence, after {@code O}, or after another type); {@code O}
     * ends any entity.
     *
     * @throws IllegalArgumentException if a label is not {@code O}, {@code B-<type>} or {@code I-<type>}
     */
    public static List<EntitySpan> spans(List<String> labels) {
        List<EntitySpan> spans = new ArrayList<>();
        IobLabel previous = IobLabel.outside();
        int openStart = -1;
        for (int i = 0; i < labels.size(); i++) {
            IobLabel current = IobLabel.parse(labels.get(i));
            boolean continues = !current.isOutside() && !current.startsEntityAfter(previous);
            if (openStart >= 0 && !continues) {
                spans.add(new EntitySpan(previous.type(), openStart, i));
                openStart = -1;
            }
            if (current.startsEntityAfter(previous)) {
                openStart = i;
            }
            previous = current;
        }
        if (openStart >= 0) {
            spans.add(new EntitySpan(previous.type(), openStart, labels.size()));
        }
        return spans;
    }

    /**
     * The valid IOB2 labels of a sentence of {@code length} tokens holding {@code spans}: the inverse
     * of {@link #spans} for spans that do not overlap.
     *
     * @throws IllegalArgumentException if a span reaches past the sentence or overlaps another
     */
    public static List<String> labels(int length, List<EntitySpan> spans) {
        String[] labels = new String[length];
        Arrays.fill(labels, IobLabel.OUTSIDE_LABEL);
        for (EntitySpan span : spans) {
            if (span.endToken() > length) {
                throw new IllegalArgumentException("span " + span + " reaches past a sentence of " + length + " tokens");
            }
            for (int t = span.firstToken(); t < span.endToken(); t++) {
                if (!labels[t].equals(IobLabel.OUTSIDE_LABEL)) {
                    throw new IllegalArgumentException("span " + span + " overlaps another at token " + t);
                }
                labels[t] = (t == span.firstToken() ? IobLabel.begin(span.type()) : IobLabel.inside(span.type()))
                        .toString();
            }
        }
        return List.of(labels);
    }

    /** Whether {@code labels} is valid IOB2: every {@code I-X} directly follows {@code B-X} or {@code I-X}. */
    public static boolean isValid(List<String> labels) {
        IobLabel previous = null;
        for (String label : labels) {
            IobLabel current = IobLabel.parse(label);
            boolean allowed = previous == null ? current.mayStart() : current.mayFollow(previous);
            if (!allowed) {
                return false;
            }
            previous = current;
        }
        return true;
    }

    /** The entity types named by {@code labels} (with any prefix), sorted and without repeats. */
    public static List<String> entityTypes(Collection<String> labels) {
        TreeSet<String> types = new TreeSet<>();
        for (String label : labels) {
            IobLabel parsed = IobLabel.parse(label);
            if (!parsed.isOutside()) {
                types.add(parsed.type());
            }
        }
        return List.copyOf(types);
    }

    /** The entity types in the labels of {@code sentences}, sorted. */
    public static List<String> entityTypesOf(List<LabeledSentence> sentences) {
        return entityTypes(sentences.stream().flatMap(sentence -> sentence.labels().stream()).toList());
    }

    /** The label set of a tagger for {@code types}: {@code O} first, then {@code B-}/{@code I-} of each type in order. */
    public static List<String> labelSet(Collection<String> types) {
        List<String> labels = new ArrayList<>();
        labels.add(IobLabel.OUTSIDE_LABEL);
        for (String type : types) {
            labels.add(IobLabel.begin(type).toString());
            labels.add(IobLabel.inside(type).toString());
        }
        return labels;
    }
}

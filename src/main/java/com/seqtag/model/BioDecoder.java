package com.seqtag.model;

import java.util.ArrayList;
import java.util.List;

/** Turns IOB2 label sequences into entity spans, as leniently as conlleval reads them. */
public final class BioDecoder {

    private BioDecoder() {
    }

    /**
     * Returns the entities in {@code labels}, in order. {@code B-X} always starts an entity;
     * {@code I-X} continues an entity of type X and otherwise starts one (at the start of the
     * sentence, after {@code O}, or after another type); {@code O} ends any entity.
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
}

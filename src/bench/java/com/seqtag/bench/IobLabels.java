package com.seqtag.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Builds IOB2 label lists from entity spans given by start, end (exclusive) and type. */
final class IobLabels {

    private final List<String> labels;

    IobLabels(int length) {
        this.labels = new ArrayList<>(Collections.nCopies(length, "O"));
    }

    /** Marks tokens {@code [start, end)} as one entity of {@code type}. */
    IobLabels entity(int start, int end, String type) {
        for (int t = start; t < end; t++) {
            labels.set(t, (t == start ? "B-" : "I-") + type);
        }
        return this;
    }

    List<String> labels() {
        return labels;
    }
}

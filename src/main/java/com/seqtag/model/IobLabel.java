package com.seqtag.model;

/** One parsed IOB2 label: {@code O}, or a {@code B-}/{@code I-} prefix with an entity type. */
record IobLabel(Kind kind, String type) {

    enum Kind { OUTSIDE, BEGIN, INSIDE }

    private static final IobLabel OUTSIDE = new IobLabel(Kind.OUTSIDE, "");

    /**
     * Parses a label, splitting on the first {@code -} so that types may themselves contain
     * hyphens ({@code B-GPE-LOC} has type {@code GPE-LOC}), as conlleval does.
     */
    static IobLabel parse(String label) {
        if ("O".equals(label)) {
            return OUTSIDE;
        }
        int hyphen = label.indexOf('-');
        String type = hyphen < 0 ? "" : label.substring(hyphen + 1);
        String prefix = hyphen < 0 ? label : label.substring(0, hyphen);
        if (type.isEmpty()) {
            throw new IllegalArgumentException("not an IOB2 label: '" + label + "'");
        }
        return switch (prefix) {
            case "B" -> new IobLabel(Kind.BEGIN, type);
            case "I" -> new IobLabel(Kind.INSIDE, type);
            default -> throw new IllegalArgumentException(
                    "not an IOB2 label (expected O, B-<type> or I-<type>): '" + label + "'");
        };
    }

    boolean isOutside() {
        return kind == Kind.OUTSIDE;
    }

    boolean isInside() {
        return kind == Kind.INSIDE;
    }

    /** Whether this label may directly follow {@code previous} in a valid IOB2 sequence. */
    boolean mayFollow(IobLabel previous) {
        return !isInside() || (!previous.isOutside() && previous.type.equals(type));
    }

    /** Whether this label may open a sentence in a valid IOB2 sequence. */
    boolean mayStart() {
        return !isInside();
    }

    /** Whether conlleval would see an entity starting at this label, given the one before it. */
    boolean startsEntityAfter(IobLabel previous) {
        return switch (kind) {
            case OUTSIDE -> false;
            case BEGIN -> true;
            case INSIDE -> previous.isOutside() || !previous.type.equals(type);
        };
    }

    static IobLabel outside() {
        return OUTSIDE;
    }
}

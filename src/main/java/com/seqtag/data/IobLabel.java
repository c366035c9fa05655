package com.seqtag.data;

import java.util.Objects;

/**
 * One parsed IOB2 label: {@code O}, or a {@code B-}/{@code I-} prefix with an entity type. The one
 * place the label syntax is known; {@link IobCodec} works on whole label sequences.
 *
 * @param kind outside, beginning or inside of an entity
 * @param type the entity type ({@code PER}, {@code GPE-LOC}); empty for {@code O}
 */
public record IobLabel(Kind kind, String type) {

    /** The label written {@code O}. */
    public static final String OUTSIDE_LABEL = "O";

    /** Where a token stands relative to an entity. */
    public enum Kind { OUTSIDE, BEGIN, INSIDE }

    private static final IobLabel OUTSIDE = new IobLabel(Kind.OUTSIDE, "");

    public IobLabel {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(type, "type");
        if ((kind == Kind.OUTSIDE) != type.isEmpty()) {
            throw new IllegalArgumentException(kind == Kind.OUTSIDE
                    ? "O has no entity type" : "a " + kind + " label needs an entity type");
        }
    }

    /**
     * Parses a label, splitting on the first {@code -} so that types may themselves contain
     * hyphens ({@code B-GPE-LOC} has type {@code GPE-LOC}), as conlleval does.
     *
     * @throws IllegalArgumentException if the label is not {@code O}, {@code B-<type>} or {@code I-<type>}
     */
    public static IobLabel parse(String label) {
        if (OUTSIDE_LABEL.equals(label)) {
            return OUTSIDE;
        }
        int hyphen = label.indexOf('-');
        String type = hyphen < 0 ? "" : label.substring(hyphen + 1);
        String prefix = hyphen < 0 ? label : label.substring(0, hyphen);
        if (type.isEmpty() || type.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("not an IOB2 label: '" + label + "'");
        }
        return switch (prefix) {
            case "B" -> begin(type);
            case "I" -> inside(type);
            default -> throw new IllegalArgumentException(
                    "not an IOB2 label (expected O, B-<type> or I-<type>): '" + label + "'");
        };
    }

    /** Whether {@code label} is {@code O}, {@code B-<type>} or {@code I-<type>} (a type without whitespace). */
    public static boolean isValid(String label) {
        try {
            parse(label);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code O}. */
    public static IobLabel outside() {
        return OUTSIDE;
    }

    /** {@code B-<type>}. */
    public static IobLabel begin(String type) {
        return new IobLabel(Kind.BEGIN, type);
    }

    /** {@code I-<type>}. */
    public static IobLabel inside(String type) {
        return new IobLabel(Kind.INSIDE, type);
    }

    /** Whether this is {@code O}. */
    public boolean isOutside() {
        return kind == Kind.OUTSIDE;
    }

    /** Whether this is a {@code B-} label. */
    public boolean isBegin() {
        return kind == Kind.BEGIN;
    }

    /** Whether this is an {@code I-} label. */
    public boolean isInside() {
        return kind == Kind.INSIDE;
    }

    /** Whether this label may directly follow {@code previous} in a valid IOB2 sequence. */
    public boolean mayFollow(IobLabel previous) {
        return !isInside() || (!previous.isOutside() && previous.type.equals(type));
    }

    /** Whether this label may open a sentence in a valid IOB2 sequence. */
    public boolean mayStart() {
        return !isInside();
    }

    /** Whether conlleval would see an entity starting at this label, given the one before it. */
    public boolean startsEntityAfter(IobLabel previous) {
        return switch (kind) {
            case OUTSIDE -> false;
            case BEGIN -> true;
            case INSIDE -> previous.isOutside() || !previous.type.equals(type);
        };
    }

    /** The label as written: {@code O}, {@code B-PER}, {@code I-PER}. */
    @Override
    public String toString() {
        return switch (kind) {
            case OUTSIDE -> OUTSIDE_LABEL;
            case BEGIN -> "B-" + type;
            case INSIDE -> "I-" + type;
        };
    }
}

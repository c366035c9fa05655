package com.seqtag.api;

import com.fasterxml.jackson.annotation.JsonValue;
import com.seqtag.text.CodePointOffsets;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.function.IntUnaryOperator;

/** What response offsets count: UTF-16 code units (the default) or code points. */
@Schema(description = "What `start`/`end` count: `utf16` (default; Java/JavaScript string indices) or `codepoint` "
        + "(Python string indices). They differ after characters outside the Basic Multilingual Plane, such as emoji.")
public enum OffsetUnit {

    /** UTF-16 code units: Java {@code String} and JavaScript string indices. */
    UTF16("utf16"),
    /** Unicode code points: Python {@code str} indices. */
    CODEPOINT("codepoint");

    private final String wireName;

    OffsetUnit(String wireName) {
        this.wireName = wireName;
    }

    /** The name in JSON; Jackson reads and writes the enum by it. */
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** {@code requested}, or UTF-16 when a request named no unit. */
    static OffsetUnit orDefault(OffsetUnit requested) {
        return requested == null ? UTF16 : requested;
    }

    /** Maps UTF-16 offsets into {@code text} to offsets in this unit. */
    IntUnaryOperator converterFor(String text) {
        return this == UTF16 ? IntUnaryOperator.identity() : CodePointOffsets.of(text)::toCodePoints;
    }

    /** The JSON name, so error messages listing the allowed values show what a client must send. */
    @Override
    public String toString() {
        return wireName;
    }
}

package com.seqtag.data;

/** CoNLL input that cannot be read, with the 1-based line where the problem is (0 when none). */
public class ConllFormatException extends RuntimeException {

    private final int line;

    public ConllFormatException(int line, String message) {
        super(line > 0 ? "line " + line + ": " + message : message);
        this.line = line;
    }

    /** The 1-based line number of the problem, or 0 when it concerns the whole input. */
    public int line() {
        return line;
    }
}

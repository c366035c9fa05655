package com.seqtag.api;

import com.seqtag.api.edge.ApiException;
import com.seqtag.config.SeqtagProperties;
import com.seqtag.inference.DocumentInput;
import java.util.List;

/**
 * What a document must look like and how large requests may be, shared by every endpoint so a
 * document gets the same verdict and the same words whichever way it arrives. Breaking a rule
 * throws an {@link ApiException} whose detail names the field and, for a limit, the setting.
 */
public final class DocumentRules {

    private final int maxTextChars;
    private final int maxDocuments;
    private final long maxTotalChars;

    DocumentRules(int maxTextChars, int maxDocuments, long maxTotalChars) {
        this.maxTextChars = maxTextChars;
        this.maxDocuments = maxDocuments;
        this.maxTotalChars = maxTotalChars;
    }

    /** The rules configured under {@code seqtag.}. */
    static DocumentRules of(SeqtagProperties properties) {
        return new DocumentRules(properties.maxTextChars(), properties.batch().maxDocuments(),
                properties.batch().maxTotalChars());
    }

    /**
     * Checks one document given as exactly one of {@code text} or {@code tokens}.
     *
     * @param field how the document is named in messages: {@code ""} for a body that is the
     *              document, {@code "documents[2]."} for an element of a batch
     */
    DocumentInput document(String text, List<String> tokens, String field) {
        boolean hasText = text != null;
        boolean hasTokens = tokens != null;
        if (hasText == hasTokens) {
            throw ApiException.badRequest(hasText
                    ? "send either \"" + field + "text\" or \"" + field + "tokens\", not both"
                    : "send \"" + field + "text\" (a string) or \"" + field + "tokens\" (an array of strings)");
        }
        return hasText ? text(text, field + "text") : tokens(tokens, field + "tokens");
    }

    /** Checks raw text named {@code field} in messages: not blank, not over the length limit. */
    DocumentInput.Text text(String text, String field) {
        checkLength(text.length());
        if (isBlank(text)) {
            throw ApiException.badRequest("\"" + field + "\" is empty or only whitespace; there is nothing to tag");
        }
        return new DocumentInput.Text(text);
    }

    private DocumentInput.Tokens tokens(List<String> tokens, String field) {
        if (tokens.isEmpty()) {
            throw ApiException.badRequest("\"" + field + "\" is empty; send at least one token");
        }
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            if (token == null || token.isEmpty()) {
                throw ApiException.badRequest("\"" + field + "[" + i + "]\" is " + (token == null ? "null" : "empty")
                        + "; every token must be a non-empty string");
            }
            if (token.codePoints().anyMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp))) {
                throw ApiException.badRequest("\"" + field + "[" + i + "]\" contains whitespace; split it into separate tokens");
            }
        }
        checkLength(length(null, tokens));
        return new DocumentInput.Tokens(tokens);
    }

    /** Checks how many documents a request carries and how many characters they hold together. */
    void checkBatch(int documents, long totalChars, String what) {
        if (documents > maxDocuments) {
            throw ApiException.tooLarge("the request has " + documents + " " + what + "; the limit "
                    + "(seqtag.batch.max-documents) is " + maxDocuments + "; split it into several requests");
        }
        if (totalChars > maxTotalChars) {
            throw ApiException.tooLarge("the " + what + " have " + totalChars + " characters in total; the limit "
                    + "(seqtag.batch.max-total-chars) is " + maxTotalChars
                    + " UTF-16 code units; split it into several requests");
        }
    }

    /**
     * How many UTF-16 code units a document counts for the limits: its text, or its tokens joined by
     * single spaces (what offsets then refer to). Null parts count nothing: they are rejected anyway.
     */
    static long length(String text, List<String> tokens) {
        if (text != null) {
            return text.length();
        }
        if (tokens == null || tokens.isEmpty()) {
            return 0;
        }
        long length = tokens.size() - 1L;
        for (String token : tokens) {
            length += token == null ? 0 : token.length();
        }
        return length;
    }

    /** Blank in the reader's sense: nothing but whitespace, no-break spaces, controls and invisible marks. */
    private static boolean isBlank(String text) {
        return text.codePoints().allMatch(cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || Character.getType(cp) == Character.CONTROL || Character.getType(cp) == Character.FORMAT);
    }

    private void checkLength(long chars) {
        if (chars > maxTextChars) {
            throw ApiException.tooLarge("the text has " + chars + " characters; the limit (seqtag.max-text-chars) is "
                    + maxTextChars + " UTF-16 code units");
        }
    }
}

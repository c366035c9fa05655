package com.seqtag.api.edge;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Arrays;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Translates Jackson's errors into one sentence a client can act on: the field or position, the
 * expected type, the parser limit crossed; never Java class or method names.
 */
final class JsonErrorMessages {

    /** Jackson's "(1000, from `StreamReadConstraints.getMaxNestingDepth()`)": the limit, then the Java method named. */
    private static final Pattern CONSTRAINT_LIMIT = Pattern.compile("maximum allowed \\((\\d+)");
    /** A Java name in backquotes, as Jackson quotes types in its messages. */
    private static final Pattern QUOTED_JAVA_NAME = Pattern.compile("`(?:[\\w$]+\\.)*([\\w$<>\\[\\], ]+?)`");

    private JsonErrorMessages() {
    }

    /** The detail for a JSON string longer than the parser allows (a 413), or null when that is not the error. */
    static String stringTooLong(HttpMessageNotReadableException e) {
        StreamConstraintsException limit = constraint(e);
        if (limit == null || limit.getMessage() == null || !limit.getMessage().startsWith("String value length")) {
            return null;
        }
        return "a JSON string in the body is longer than " + limitOf(limit) + " characters, the most any field "
                + "accepts (the larger of seqtag.max-text-chars for texts and seqtag.training.max-upload "
                + "for CoNLL sent as JSON)";
    }

    private static StreamConstraintsException constraint(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamConstraintsException constraint) {
                return constraint;
            }
        }
        return null;
    }

    private static String limitOf(StreamConstraintsException e) {
        Matcher limit = CONSTRAINT_LIMIT.matcher(String.valueOf(e.getMessage()));
        return limit.find() ? limit.group(1) : "the allowed number of";
    }

    /** Turns Jackson's error into one sentence naming the field or position, without class names. */
    static String describe(HttpMessageNotReadableException e) {
        Throwable cause = e.getCause();
        StreamConstraintsException limit = constraint(e);
        if (limit != null) {
            String message = String.valueOf(limit.getMessage());
            if (message.startsWith("Document nesting depth")) {
                return "the JSON is nested more than " + limitOf(limit) + " levels deep, the limit; "
                        + "no request of this API needs more than a few";
            }
            if (message.startsWith("Number value length")) {
                return "a JSON number in the body has more than " + limitOf(limit) + " digits";
            }
            return "the JSON exceeds a parser limit: "
                    + firstLine(String.valueOf(limit.getOriginalMessage())).replaceAll(", from `[^`]*`", "");
        }
        // Syntax errors may arrive wrapped in a mapping exception; they are reported as syntax.
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof JsonParseException parse) {
                return "malformed JSON at line " + parse.getLocation().getLineNr() + ", column "
                        + parse.getLocation().getColumnNr() + ": " + sanitize(firstLine(parse.getOriginalMessage()));
            }
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(String::valueOf).sorted().collect(Collectors.joining(", "));
            return "unknown field \"" + unknown.getPropertyName() + "\"" + (known.isEmpty() ? "" : "; known fields: " + known);
        }
        if (cause instanceof InvalidFormatException invalid) {
            return "field " + path(invalid) + " must be " + simpleType(invalid.getTargetType())
                    + ", not " + (invalid.getValue() instanceof String value ? "\"" + abbreviate(value) + "\""
                    : abbreviate(String.valueOf(invalid.getValue())));
        }
        if (cause instanceof MismatchedInputException mismatch
                && String.valueOf(mismatch.getOriginalMessage()).startsWith("No content to map due to end-of-input")) {
            return "the request body is empty or only whitespace; send a JSON object";
        }
        if (cause instanceof MismatchedInputException mismatch) {
            String field = path(mismatch);
            String expected = mismatch.getTargetType() == null ? "another type" : simpleType(mismatch.getTargetType());
            return field.equals("\"\"") ? "the body must be a JSON object" : "field " + field + " must be " + expected;
        }
        if (cause instanceof JsonMappingException mapping) {
            return "the body does not match the expected shape: " + sanitize(firstLine(mapping.getOriginalMessage()));
        }
        if (e.getMessage() != null && e.getMessage().startsWith("Required request body is missing")) {
            return "the request body is empty; send a JSON object";
        }
        return "the request body could not be read as JSON";
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return "\"" + path + "\"";
    }

    private static String simpleType(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            // API enums print their JSON names (see OffsetUnit), so this lists exactly what to send.
            return "one of " + Arrays.stream(type.getEnumConstants())
                    .map(constant -> "\"" + constant + "\"").collect(Collectors.joining(", "));
        }
        return "a JSON object";
    }

    /** {@code value}, cut to 40 characters so a client's input is never echoed at length. */
    static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 37) + "...";
    }

    /** Jackson's messages quote Java types ({@code `java.lang.String`}); clients get the simple name only. */
    private static String sanitize(String message) {
        return QUOTED_JAVA_NAME.matcher(message).replaceAll(match -> Matcher.quoteReplacement(match.group(1)));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}

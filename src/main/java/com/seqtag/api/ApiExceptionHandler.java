package com.seqtag.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.seqtag.inference.InferenceQueue;
import com.seqtag.model.ModelNotReadyException;
import com.seqtag.training.RetrainOrders;
import com.seqtag.training.TrainingJobs;
import com.seqtag.training.TrainingPlan;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Arrays;
import java.util.Collection;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place errors become responses: RFC 9457 {@code application/problem+json} with a detail
 * a client can act on. Spring's own errors (415, 405, 404, malformed JSON) come through the base
 * class; anything unexpected is logged and answered without internals.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    /** Jackson's "(1000, from `StreamReadConstraints.getMaxNestingDepth()`)": the limit, then the Java method named. */
    private static final Pattern CONSTRAINT_LIMIT = Pattern.compile("maximum allowed \\((\\d+)");
    /** A Java name in backquotes, as Jackson quotes types in its messages. */
    private static final Pattern QUOTED_JAVA_NAME = Pattern.compile("`(?:[\\w$]+\\.)*([\\w$<>\\[\\], ]+?)`");

    /** Routes whose clients expect the Hugging Face Inference API's error shape as well. */
    private static final String HUGGING_FACE_ROUTES = "/hf/";

    @ExceptionHandler(ApiException.class)
    ProblemDetail handleApiException(ApiException e, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setTitle(e.title());
        return forClient(problem, request);
    }

    @ExceptionHandler(ModelNotReadyException.class)
    ResponseEntity<ProblemDetail> handleNotReady(ModelNotReadyException e, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Model not ready");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5")
                .body(forClient(problem, request));
    }

    @ExceptionHandler(InferenceQueue.OverloadedException.class)
    ResponseEntity<ProblemDetail> handleOverloaded(InferenceQueue.OverloadedException e, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Overloaded");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()))
                .body(forClient(problem, request));
    }

    @ExceptionHandler(AdminAuthInterceptor.AdminAuthenticationException.class)
    ResponseEntity<ProblemDetail> handleUnauthenticated(AdminAuthInterceptor.AdminAuthenticationException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, e.getMessage());
        problem.setTitle("Unauthorized");
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"seqtag-admin\"")
                .body(problem);
    }

    @ExceptionHandler(TrainingJobs.JobConflictException.class)
    ResponseEntity<ProblemDetail> handleJobConflict(TrainingJobs.JobConflictException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        problem.setTitle("A training job is already running");
        problem.setProperty("runningJob", "/admin/jobs/" + e.runningJobId());
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .location(URI.create("/admin/jobs/" + e.runningJobId()))
                .body(problem);
    }

    @ExceptionHandler(TrainingPlan.InvalidTrainingPlanException.class)
    ProblemDetail handleInvalidPlan(TrainingPlan.InvalidTrainingPlanException e) {
        // An unknown key is a malformed request; a known key with an impossible value is well-formed but unprocessable.
        boolean unknown = e instanceof TrainingPlan.UnknownSettingException;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                unknown ? HttpStatus.BAD_REQUEST : HttpStatus.UNPROCESSABLE_ENTITY, "config: " + e.getMessage());
        problem.setTitle(unknown ? "Unknown training setting" : "Impossible training setting");
        return problem;
    }

    @ExceptionHandler(RetrainOrders.InvalidTrainingDataException.class)
    ProblemDetail handleInvalidData(RetrainOrders.InvalidTrainingDataException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Invalid training data");
        return problem;
    }

    @ExceptionHandler(RetrainOrders.UnavailableCorpusException.class)
    ProblemDetail handleUnavailableCorpus(RetrainOrders.UnavailableCorpusException e) {
        log.error("retraining refused: {}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        problem.setTitle("Server-side training data unavailable");
        return problem;
    }

    /** A multipart body that cannot be parsed (no boundary, truncated, malformed part headers). */
    @ExceptionHandler(MultipartException.class)
    ProblemDetail handleMalformedMultipart(MultipartException e, HttpServletRequest request) {
        if (e instanceof MaxUploadSizeExceededException tooLarge) {
            return uploadTooLarge(tooLarge);
        }
        log.debug("malformed multipart request: {}", e.toString());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "the multipart/form-data body could not be parsed; the Content-Type needs a boundary parameter "
                        + "and the body must consist of parts separated by it, ending with --<boundary>--");
        problem.setTitle("Malformed multipart request");
        return forClient(problem, request);
    }

    /**
     * A path that matches no route. Spring calls it a missing static resource; API clients are better
     * served by the method and path they sent and where the routes are listed.
     */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
                                                                    HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, noRoute(
                e.getHttpMethod().name(), "/" + e.getResourcePath()));
        problem.setTitle("Not found");
        return handleExceptionInternal(e, problem, headers, HttpStatus.NOT_FOUND, request);
    }

    /** The detail for a request no route answers. */
    static String noRoute(String method, String path) {
        return "no endpoint " + method + " " + abbreviate(path) + "; the API is described at /v3/api-docs "
                + "(Swagger UI: /swagger-ui.html)";
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail handleUnexpected(Exception e, HttpServletRequest request) {
        log.error("unexpected error while handling a request", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "an unexpected error occurred; it has been logged");
        problem.setTitle("Internal error");
        return forClient(problem, request);
    }

    /** Every problem Spring itself reports (415, 405, malformed JSON) passes here on its way out. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail problem && request instanceof ServletWebRequest servlet) {
            forClient(problem, servlet.getRequest());
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    /**
     * Hugging Face clients read an error's message from {@code "error"} (the Inference API answers
     * {@code {"error": "..."}}); on their routes the detail is repeated there, so they show it
     * instead of a bare status code. Other routes keep plain RFC 9457.
     */
    private static ProblemDetail forClient(ProblemDetail problem, HttpServletRequest request) {
        // Through the container's error page the request URI is /error; name the path the client asked for.
        if (problem.getInstance() == null
                && request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String original) {
            try {
                problem.setInstance(URI.create(original));
            } catch (IllegalArgumentException notAUri) {
                // Leave instance to Spring's default rather than echo a malformed path.
            }
        }
        if (request.getRequestURI().startsWith(request.getContextPath() + HUGGING_FACE_ROUTES)) {
            problem.setProperty("error", problem.getDetail());
        }
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException e,
                                                                          HttpHeaders headers, HttpStatusCode status,
                                                                          WebRequest request) {
        return handleExceptionInternal(e, uploadTooLarge(e), headers, HttpStatus.PAYLOAD_TOO_LARGE, request);
    }

    private static ProblemDetail uploadTooLarge(MaxUploadSizeExceededException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
                "the upload is larger than the limit of " + e.getMaxUploadSize()
                        + " bytes per file (seqtag.training.max-upload)");
        problem.setTitle("Request too large");
        return problem;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        StreamConstraintsException limit = constraint(e);
        if (limit != null && limit.getMessage() != null && limit.getMessage().startsWith("String value length")) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
                    "a JSON string in the body is longer than " + limitOf(limit) + " characters, the most any field "
                            + "accepts (the larger of seqtag.max-text-chars for texts and seqtag.training.max-upload "
                            + "for CoNLL sent as JSON)");
            problem.setTitle("Request too large");
            return handleExceptionInternal(e, problem, headers, HttpStatus.PAYLOAD_TOO_LARGE, request);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, describe(e));
        problem.setTitle("Malformed request body");
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
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

    private static String abbreviate(String value) {
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

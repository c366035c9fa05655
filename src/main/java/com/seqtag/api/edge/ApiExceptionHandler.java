package com.seqtag.api.edge;

import com.seqtag.inference.InferenceQueue;
import com.seqtag.registry.ModelNotReadyException;
import com.seqtag.retrain.RetrainOrders;
import com.seqtag.retrain.TrainingJobs;
import com.seqtag.store.ModelStoreUnavailableException;
import com.seqtag.training.TrainingPlan;
import com.seqtag.training.WarmStart;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
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
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place errors become responses: RFC 9457 {@code application/problem+json} with a detail
 * a client can act on. Spring's own errors (415, 405, 404, malformed JSON) come through the base
 * class; anything unexpected is logged and answered without internals.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

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
        return unavailable("Model not ready", e.getMessage(), 5, request);
    }

    /** The model store is down: writes cannot be done now; what is served and stored is unchanged. */
    @ExceptionHandler(ModelStoreUnavailableException.class)
    ResponseEntity<ProblemDetail> handleStoreUnavailable(ModelStoreUnavailableException e, HttpServletRequest request) {
        log.warn("request refused, the model store is unavailable: {}", e.getMessage());
        return unavailable("Model store unavailable",
                e.getMessage() + "; nothing was changed, and tagging goes on with the model already loaded", 10, request);
    }

    @ExceptionHandler(InferenceQueue.OverloadedException.class)
    ResponseEntity<ProblemDetail> handleOverloaded(InferenceQueue.OverloadedException e, HttpServletRequest request) {
        return unavailable("Overloaded", e.getMessage(), e.retryAfterSeconds(), request);
    }

    /** A 503 problem with {@code Retry-After}: the service is fine, it cannot do this right now. */
    private static ResponseEntity<ProblemDetail> unavailable(String title, String detail, int retryAfterSeconds,
                                                             HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, detail);
        problem.setTitle(title);
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(retryAfterSeconds))
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

    /** Checked before the generic plan handler: a starting model that does not fit the plan is a 400, not a 422. */
    @ExceptionHandler(WarmStart.IncompatibleStartException.class)
    ProblemDetail handleIncompatibleStart(WarmStart.IncompatibleStartException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "config: " + e.getMessage());
        problem.setTitle("Starting model does not fit the plan");
        return problem;
    }

    @ExceptionHandler(RetrainOrders.UnknownStartingModelException.class)
    ProblemDetail handleUnknownStartingModel(RetrainOrders.UnknownStartingModelException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "config: " + e.getMessage());
        problem.setTitle(e.setting().equals("teachers") ? "Unknown teacher model" : "Unknown starting model");
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
        return "no endpoint " + method + " " + JsonErrorMessages.abbreviate(path) + "; the API is described at /v3/api-docs "
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
        String tooLong = JsonErrorMessages.stringTooLong(e);
        if (tooLong != null) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE, tooLong);
            problem.setTitle("Request too large");
            return handleExceptionInternal(e, problem, headers, HttpStatus.PAYLOAD_TOO_LARGE, request);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, JsonErrorMessages.describe(e));
        problem.setTitle("Malformed request body");
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }
}

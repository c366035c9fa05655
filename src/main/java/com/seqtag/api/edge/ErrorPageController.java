package com.seqtag.api.edge;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page ({@code /error}), replacing Spring Boot's, which answers
 * {@code {"timestamp", "error", "path"}}. Errors raised outside Spring MVC (the container refusing
 * {@code /WEB-INF/...}, a filter failing) reach it; it turns them into an {@link ApiException}, so
 * they leave through {@link ApiExceptionHandler} as problem+json like every other error.
 */
@Hidden
@RestController
public class ErrorPageController implements ErrorController {

    @RequestMapping("/error")
    public void error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri instanceof String original ? original : request.getRequestURI();
        HttpStatus status = code instanceof Integer number ? HttpStatus.resolve(number) : HttpStatus.NOT_FOUND;
        if (status == null || status == HttpStatus.NOT_FOUND) {
            throw new ApiException(HttpStatus.NOT_FOUND, "Not found", ApiExceptionHandler.noRoute(request.getMethod(), path));
        }
        if (status.is5xxServerError()) {
            throw new IllegalStateException("error page reached with status " + status.value() + " for " + path);
        }
        throw new ApiException(status, status.getReasonPhrase(), "the server refused " + request.getMethod() + " "
                + (path.length() > 80 ? path.substring(0, 77) + "..." : path) + " (" + status.getReasonPhrase() + ")");
    }
}

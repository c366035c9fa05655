package com.seqtag.api.edge;

import org.springframework.http.HttpStatus;

/** A client error with the HTTP status and the detail the client should read. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String title;

    public ApiException(HttpStatus status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    /** A 400 for a request that breaks the API's rules. */
    public static ApiException badRequest(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "Invalid request", detail);
    }

    /** A 413 for a request over a configured limit. */
    public static ApiException tooLarge(String detail) {
        return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "Request too large", detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }
}
